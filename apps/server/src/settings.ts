import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

export const DEFAULT_MODS = ['@pattern/mod-store', '@pattern/mod-event-store', '@pattern/mod-docs'];

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
      maxQueued: z.number().int().min(0).optional(),
    })
    .optional(),
  bodyLimitBytes: z.number().int().min(1024).optional(),
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
  maxQueuedRuns: number;
  bodyLimitBytes: number;
  adminToken: string | undefined;
  configPath: string | undefined;
}

/** A bad setting: the server refuses to start and says which one and what it accepts. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

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
  return {
    port,
    host,
    dataDir: resolve(base, env.PATTERN_DATA_DIR ?? file.dataDir ?? '.pattern-data'),
    databaseUrl,
    storage: file.storage ?? 'sqlite',
    mods,
    modOptions: file.options ?? {},
    keepRuns: file.runs?.keep ?? 10_000,
    runTimeoutMs: file.runs?.timeoutMs ?? 5 * 60_000,
    maxTraceValueBytes: file.runs?.maxTraceValueBytes ?? 256 * 1024,
    maxConcurrentRuns: file.runs?.maxConcurrent ?? 64,
    maxQueuedRuns: file.runs?.maxQueued ?? 1024,
    bodyLimitBytes: file.bodyLimitBytes ?? 1024 * 1024,
    adminToken,
    configPath,
  };
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new SettingsError(`PORT must be a whole number from 0 to 65535 (got "${value}")`);
  return port;
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
