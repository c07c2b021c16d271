import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_STORED_DEPTH, DEFAULT_MAX_VALUE_DEPTH, MAX_JSON_DEPTH } from '@pattern/core';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { parseSecretKey } from './secrets/cipher.ts';

export const DEFAULT_MODS = [
  '@pattern/mod-store',
  '@pattern/mod-event-store',
  '@pattern/mod-docs',
  '@pattern/mod-http',
  '@pattern/mod-code',
  '@pattern/mod-realtime',
];

const ModEntrySchema = z.union([
  z.string().min(1),
  z.strictObject({ module: z.string().min(1), options: z.record(z.string(), z.unknown()).optional() }),
]);

/** `pattern.config.json`. Every key is optional; env values win over it. */
export const ConfigFileSchema = z.strictObject({
  port: z.number().int().min(0).max(65_535).optional(),
  host: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  storage: z.enum(['sqlite', 'memory']).optional(),
  mods: z.array(ModEntrySchema).optional(),
  /** Options per mod name: `{ "store": { "maxBlobBytes": 1048576 } }`. */
  options: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  runs: z
    .strictObject({
      keep: z.number().int().min(1).optional(),
      timeoutMs: z.number().int().min(1).optional(),
      maxTraceValueBytes: z.number().int().min(256).optional(),
      maxConcurrent: z.number().int().min(1).optional(),
      maxConcurrentPerWorkflow: z.number().int().min(1).optional(),
      maxQueued: z.number().int().min(0).optional(),
      maxQueuedPerWorkflow: z.number().int().min(0).optional(),
      maxDepth: z.number().int().min(0).max(1000).optional(),
    })
    .optional(),
  bodyLimitBytes: z.number().int().min(1024).optional(),
  /** Nesting of arrays and objects: in run values, and (no deeper than that) in stored documents and event payloads. */
  limits: z
    .strictObject({
      maxValueDepth: z.number().int().min(1).max(MAX_JSON_DEPTH).optional(),
      maxStoredDepth: z.number().int().min(1).max(MAX_JSON_DEPTH).optional(),
    })
    .optional(),
  safeMode: z.boolean().optional(),
  /** A folder of `*.workflow.json` files, loaded at start and on every change, and written back on save. */
  workflowsDir: z.string().min(1).optional(),
  /** A reverse proxy in front sets X-Forwarded-Host, -Proto and -For, and no one reaches Pattern past it. */
  trustProxy: z.boolean().optional(),
  /** Internal hosts http.fetch may reach: host names, addresses, CIDR ranges. */
  http: z.strictObject({ allowHosts: z.array(z.string()).optional() }).optional(),
  /** `GET /metrics`: off entirely, or open to anyone who reaches the server (a scraper on a private network). */
  metrics: z.strictObject({ enabled: z.boolean().optional(), public: z.boolean().optional() }).optional(),
});

export type ConfigFile = z.infer<typeof ConfigFileSchema>;

export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  storage: 'sqlite' | 'memory';
  /** Mod specifiers (package names, or paths resolved against the config file's folder) with their options. */
  mods: Array<{ module: string; options: Record<string, unknown> | undefined }>;
  modOptions: Record<string, Record<string, unknown>>;
  keepRuns: number;
  runTimeoutMs: number;
  maxTraceValueBytes: number;
  maxConcurrentRuns: number;
  /** Unset: the engine gives each workflow three quarters of `maxConcurrentRuns`, rounded up. */
  maxConcurrentRunsPerWorkflow: number | undefined;
  maxQueuedRuns: number;
  /** Unset: three quarters of `maxQueuedRuns`, rounded up. */
  maxQueuedRunsPerWorkflow: number | undefined;
  /** How deeply child runs (`workflow.call`, `flow.map`, …) may nest. */
  maxCallDepth: number;
  bodyLimitBytes: number;
  maxValueDepth: number;
  maxStoredDepth: number;
  /** Start with every event trigger and projection paused, until each is resumed (recovering from a runaway workflow). */
  safeMode: boolean;
  trustProxy: boolean;
  adminToken: string | undefined;
  /** The key secrets are encrypted with; unset, the server keeps one in the data dir. */
  secretKey: string | undefined;
  /** Prometheus metrics at `/metrics` (and their cost per request). */
  metricsEnabled: boolean;
  /** `/metrics` without a token. */
  metricsPublic: boolean;
  /** An OpenTelemetry collector's base URL: each run is exported there as a trace. */
  otlpEndpoint: string | undefined;
  configPath: string | undefined;
  /** Absolute; an existing folder. */
  workflowsDir: string | undefined;
}

/** A bad setting: the server refuses to start and says which one and what it accepts. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Long enough that guessing it is hopeless, however many guesses get through. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** Refuses an admin token too short to resist guessing. */
export function checkAdminToken(token: string | undefined): void {
  if (token !== undefined && token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new SettingsError(
      `PATTERN_ADMIN_TOKEN is too short (${token.length} character${token.length === 1 ? '' : 's'}); it needs at least ${MIN_ADMIN_TOKEN_LENGTH}. Generate one with: openssl rand -hex 32`,
    );
  }
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Settings {
  const configPath = resolve(cwd, env.PATTERN_CONFIG ?? 'pattern.config.json');
  if (env.PATTERN_CONFIG && !existsSync(configPath)) {
    throw new SettingsError(`PATTERN_CONFIG points to ${configPath}, which does not exist`);
  }
  const file = existsSync(configPath) ? readConfigFile(configPath) : {};
  const base = existsSync(configPath) ? dirname(configPath) : cwd;
  return resolveSettings(file, env, base, existsSync(configPath) ? configPath : undefined);
}

export function resolveSettings(file: ConfigFile, env: NodeJS.ProcessEnv, base: string, configPath?: string): Settings {
  const port = env.PORT !== undefined ? parsePort(env.PORT) : (file.port ?? 3000);
  const host = env.HOST ?? file.host ?? '127.0.0.1';
  const adminToken = env.PATTERN_ADMIN_TOKEN || undefined;
  checkAdminToken(adminToken);
  if (!LOOPBACK.has(host) && !adminToken) {
    throw new SettingsError(
      `HOST is ${host}, which other machines can reach, but PATTERN_ADMIN_TOKEN is not set. Set PATTERN_ADMIN_TOKEN to a long random secret (for example: PATTERN_ADMIN_TOKEN=$(openssl rand -hex 32)), or bind to 127.0.0.1.`,
    );
  }
  const databaseUrl = env.PATTERN_DATABASE_URL || file.databaseUrl;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new SettingsError(`PATTERN_DATABASE_URL must be a postgres:// URL (got "${databaseUrl}")`);
  }
  const mods = (file.mods ?? DEFAULT_MODS).map((entry) => {
    const spec = typeof entry === 'string' ? { module: entry, options: undefined } : { module: entry.module, options: entry.options };
    return { ...spec, module: spec.module.startsWith('.') ? resolve(base, spec.module) : spec.module };
  });
  const maxConcurrentRuns = file.runs?.maxConcurrent ?? 64;
  const maxQueuedRuns = file.runs?.maxQueued ?? 1024;
  const maxValueDepth = file.limits?.maxValueDepth ?? DEFAULT_MAX_VALUE_DEPTH;
  return {
    port,
    host,
    dataDir: resolve(base, env.PATTERN_DATA_DIR ?? file.dataDir ?? '.pattern-data'),
    databaseUrl,
    storage: file.storage ?? 'sqlite',
    mods,
    modOptions: withAllowHosts(file.options ?? {}, [...(file.http?.allowHosts ?? []), ...listOf(env.PATTERN_HTTP_ALLOW_HOSTS)]),
    keepRuns: file.runs?.keep ?? 10_000,
    runTimeoutMs: file.runs?.timeoutMs ?? 5 * 60_000,
    maxTraceValueBytes: file.runs?.maxTraceValueBytes ?? 256 * 1024,
    maxConcurrentRuns,
    maxConcurrentRunsPerWorkflow: share(file.runs?.maxConcurrentPerWorkflow, 'runs.maxConcurrentPerWorkflow', 1, maxConcurrentRuns),
    maxQueuedRuns,
    maxQueuedRunsPerWorkflow: share(file.runs?.maxQueuedPerWorkflow, 'runs.maxQueuedPerWorkflow', 0, maxQueuedRuns),
    maxCallDepth: file.runs?.maxDepth ?? DEFAULT_MAX_CALL_DEPTH,
    bodyLimitBytes: file.bodyLimitBytes ?? 1024 * 1024,
    maxValueDepth,
    maxStoredDepth: storedDepth(file.limits?.maxStoredDepth, maxValueDepth),
    safeMode: env.PATTERN_SAFE_MODE !== undefined ? parseBoolean('PATTERN_SAFE_MODE', env.PATTERN_SAFE_MODE) : (file.safeMode ?? false),
    trustProxy: env.PATTERN_TRUST_PROXY !== undefined ? parseBoolean('PATTERN_TRUST_PROXY', env.PATTERN_TRUST_PROXY) : (file.trustProxy ?? false),
    adminToken,
    secretKey: secretKeyOf(env.PATTERN_SECRET_KEY),
    metricsEnabled: file.metrics?.enabled ?? true,
    metricsPublic: file.metrics?.public ?? false,
    otlpEndpoint: otlpEndpointOf(env.OTEL_EXPORTER_OTLP_ENDPOINT),
    configPath,
    workflowsDir: workflowsDirOf(env.PATTERN_WORKFLOWS_DIR || file.workflowsDir, base),
  };
}

/** The workflows folder must exist: a typo would otherwise start a server that silently loads nothing. */
function workflowsDirOf(given: string | undefined, base: string): string | undefined {
  if (given === undefined) return undefined;
  const dir = resolve(base, given);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new SettingsError(`PATTERN_WORKFLOWS_DIR (workflowsDir) must be an existing folder; ${dir} is not one`);
  }
  return dir;
}

/** A workflow's share of a limit (`runs.maxQueuedPerWorkflow` of `runs.maxQueued`) cannot exceed the limit itself. */
function share(value: number | undefined, key: string, min: number, limit: number): number | undefined {
  if (value !== undefined && value > limit) {
    throw new SettingsError(`${key} must be a whole number from ${min} to ${key.replace('PerWorkflow', '')} (${limit}); got ${value}`);
  }
  return value;
}

/** Stored data is handed to runs as values, so it may nest no deeper than they may. */
function storedDepth(value: number | undefined, maxValueDepth: number): number {
  if (value === undefined) return Math.min(DEFAULT_MAX_STORED_DEPTH, maxValueDepth);
  if (value > maxValueDepth) {
    throw new SettingsError(`limits.maxStoredDepth must be a whole number from 1 to limits.maxValueDepth (${maxValueDepth}); got ${value}`);
  }
  return value;
}

/** `http.allowHosts` and `PATTERN_HTTP_ALLOW_HOSTS` together, handed to the http mod as its `allowHosts` option. */
function withAllowHosts(options: Record<string, Record<string, unknown>>, entries: string[]): Record<string, Record<string, unknown>> {
  const bad = entries.find((entry) => !isHostOrRange(entry));
  if (bad !== undefined) {
    throw new SettingsError(
      `http.allowHosts (or PATTERN_HTTP_ALLOW_HOSTS) takes host names, IP addresses and CIDR ranges like 10.0.0.0/8; got "${bad}"`,
    );
  }
  if (entries.length === 0) return options;
  const given = options.http?.allowHosts;
  return { ...options, http: { ...options.http, allowHosts: [...(Array.isArray(given) ? given : []), ...entries] } };
}

function isHostOrRange(entry: string): boolean {
  if (entry.includes('/')) return ipaddr.isValidCIDR(entry);
  return ipaddr.isValid(entry) || /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/i.test(entry);
}

function secretKeyOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!parseSecretKey(value))
    throw new SettingsError('PATTERN_SECRET_KEY must be 32 bytes as 64 hex characters or base64 (make one with: openssl rand -hex 32)');
  return value;
}

function otlpEndpointOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^https?:\/\/[^/\s]+/.test(value) || !URL.canParse(value)) {
    throw new SettingsError(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL, like http://collector:4318 (got "${value}")`);
  }
  return value;
}

function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new SettingsError(`PORT must be a whole number from 0 to 65535 (got "${value}")`);
  return port;
}

function parseBoolean(name: string, value: string): boolean {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new SettingsError(`${name} must be 1, true, 0 or false (got "${value}")`);
}

function readConfigFile(path: string): ConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SettingsError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(file)';
      return `  ${key}: ${issue.message}`;
    });
    throw new SettingsError(`${path} has bad settings:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
