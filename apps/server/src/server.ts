import { type ServerType, serve } from '@hono/node-server';
import { createEngine, createLogger, type Engine, type LogSink, type ModDefinition } from '@pattern/core';
import { createApp } from './app.ts';
import { bufferedWriter } from './http/request-log.ts';
import { reservedPathsOf } from './http/reserved-paths.ts';
import { loadMods, modOptionsFor } from './load-mods.ts';
import { openStores } from './persistence/open-stores.ts';
import { seedFirstStart } from './seed.ts';
import { checkAdminToken, resolveSettings, type Settings } from './settings.ts';

export const VERSION = '0.1.0';

export interface StartServerOptions extends Partial<Omit<Settings, 'mods'>> {
  /** Mods to load as they are (instead of importing the ones the settings name). */
  mods?: ModDefinition[];
  /** Settings as `loadSettings` read them; the other fields here win over them. */
  settings?: Settings;
  /** No request lines and no info logs (tests). */
  quiet?: boolean;
  /** Create the `hello` workflow on a first start (default true). */
  seed?: boolean;
  webDist?: string;
}

export interface PatternServer {
  url: string;
  port: number;
  engine: Engine;
  settings: Settings;
  stop(): Promise<void>;
}

/** Builds the engine from the settings, opens persistence, mounts everything and listens. */
export async function startServer(options: StartServerOptions = {}): Promise<PatternServer> {
  const { mods: givenMods, settings: givenSettings, quiet, seed, webDist, ...overrides } = options;
  const base = givenSettings ?? resolveSettings({ mods: [] }, {}, process.cwd());
  const settings: Settings = { ...base, ...definedOnly(overrides), port: overrides.port ?? (givenSettings ? base.port : 0) };
  checkAdminToken(settings.adminToken);
  const mods = givenMods ?? (await loadMods(settings));
  const write = (chunk: string) => process.stdout.write(chunk);
  const sink: LogSink = (level, message, fields) => {
    if (quiet && (level === 'info' || level === 'debug')) return;
    const line = `${level === 'info' ? '' : `${level}: `}${message}${fields && Object.keys(fields).length ? ` ${safeJson(fields)}` : ''}\n`;
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line);
  };
  const log = createLogger(sink);

  const stores = await openStores(settings, log);
  const engine = createEngine({
    mods,
    log,
    dataDir: stores.dataDir,
    databaseUrl: settings.databaseUrl,
    safeMode: settings.safeMode,
    runTimeoutMs: settings.runTimeoutMs,
    maxConcurrentRuns: settings.maxConcurrentRuns,
    maxConcurrentRunsPerWorkflow: settings.maxConcurrentRunsPerWorkflow,
    maxQueuedRuns: settings.maxQueuedRuns,
    maxQueuedRunsPerWorkflow: settings.maxQueuedRunsPerWorkflow,
    modOptions: modOptionsFor(settings, mods),
    limits: { maxValueDepth: settings.maxValueDepth, maxStoredDepth: settings.maxStoredDepth },
    runStore: stores.runs,
    workflowStore: stores.workflows,
    routeCheck: (method, path) => reservedPathsOf(engine).refusal(method, path),
  });
  await engine.start();
  if ((seed ?? true) && stores.firstStart && !engine.workflows.get('hello')) await seedFirstStart(engine);

  const app = createApp({
    engine,
    packages: stores.packages,
    log,
    version: VERSION,
    bodyLimitBytes: settings.bodyLimitBytes,
    adminToken: settings.adminToken,
    trustProxy: settings.trustProxy,
    requestLines: quiet ? undefined : bufferedWriter(write),
    ...(webDist ? { webDist } : {}),
  });

  const server = await listen(app.fetch, settings.host, settings.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const shownHost = settings.host === '127.0.0.1' || settings.host === '::1' ? 'localhost' : settings.host;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open keep-alive and SSE connections would hold `close` open; runs are cancelled next anyway.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await engine.stop();
      await stores.close();
    })();
    return stopping;
  };
  return { url: `http://${shownHost}:${port}`, port, engine, settings, stop };
}

function listen(fetch: (request: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
