import { type ServerType, serve, type WebSocketServerLike } from '@hono/node-server';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createEngine, createLogger, type Engine, type LogSink, type ModDefinition } from '@pattern/core';
import { createApp } from './app.ts';
import { lingeringClose } from './http/lingering-close.ts';
import { bufferedWriter } from './http/request-log.ts';
import { reservedPathsOf } from './http/reserved-paths.ts';
import { dropWebSockets, webSocketServerOf } from './http/web-sockets.ts';
import { loadMods, modOptionsFor } from './load-mods.ts';
import { ServerMetrics } from './metrics/server-metrics.ts';
import { openStores } from './persistence/open-stores.ts';
import { Presence } from './presence/presence.ts';
import { Scheduler } from './schedules/scheduler.ts';
import { WorkflowControl } from './schedules/workflow-control.ts';
import { WorkflowStates } from './schedules/workflow-states.ts';
import { loadSecretKey } from './secrets/key.ts';
import { Secrets } from './secrets/secrets.ts';
import { seedFirstStart } from './seed.ts';
import { checkAdminToken, resolveSettings, type Settings } from './settings.ts';
import { LoopMonitor } from './stats/loop-monitor.ts';
import { Tokens } from './tokens/tokens.ts';
import { WorkflowFolder } from './workflow-files/workflow-folder.ts';

export const VERSION = '0.1.0';

export interface StartServerOptions extends Partial<Omit<Settings, 'mods'>> {
  /** Mods to load as they are (instead of importing the ones the settings name). */
  mods?: ModDefinition[];
  /** Settings as `loadSettings` read them; the other fields here win over them. */
  settings?: Settings;
  /** No request lines and no info logs (tests). */
  quiet?: boolean;
  /** Where run traces go instead of `OTEL_EXPORTER_OTLP_ENDPOINT` (tests: an in-memory exporter). */
  spanExporter?: SpanExporter;
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
  const { mods: givenMods, settings: givenSettings, quiet, seed, webDist, spanExporter, ...overrides } = options;
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
  const states = await WorkflowStates.open(stores.schedules, log);
  // A key that does not open the stored secrets stops the start, with nothing left open.
  const secrets = await (async () => Secrets.open(stores.secrets, loadSecretKey(settings.secretKey, stores.dataDir, log), log))().catch(
    async (error: unknown) => {
      states.close();
      await stores.close();
      throw error;
    },
  );
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
    maxCallDepth: settings.maxCallDepth,
    modOptions: modOptionsFor(settings, mods),
    limits: { maxValueDepth: settings.maxValueDepth, maxStoredDepth: settings.maxStoredDepth },
    runStore: stores.runs,
    workflowStore: stores.workflows,
    routeCheck: (method, path) => reservedPathsOf(engine).refusal(method, path),
    workflowActivity: states,
    secrets,
  });
  await engine.start();
  const scheduler = new Scheduler({ engine, store: stores.schedules, states, log, safeMode: settings.safeMode });
  await scheduler.start();
  const control = new WorkflowControl(engine, states, stores.schedules, scheduler);
  if ((seed ?? true) && stores.firstStart && !engine.workflows.get('hello')) await seedFirstStart(engine);
  const workflowFiles = settings.workflowsDir ? await WorkflowFolder.open(engine, settings.workflowsDir, log) : undefined;

  const loop = new LoopMonitor();
  loop.start();
  const tokens = new Tokens(stores.tokens, { log });
  const metrics = settings.metricsEnabled ? new ServerMetrics(engine) : undefined;
  // Loaded only when traces go somewhere: the OpenTelemetry SDK and its exporter are a few MB of heap a server without them never needs.
  const tracing = spanExporter || settings.otlpEndpoint ? await import('./tracing/run-tracer.ts') : undefined;
  const exporter = spanExporter ?? (settings.otlpEndpoint ? tracing?.otlpExporter(settings.otlpEndpoint) : undefined);
  const tracer = tracing && exporter ? new tracing.RunTracer({ engine, version: VERSION, exporter }) : undefined;
  const presence = new Presence(stores.presence);
  const app = createApp({
    workflowFiles,
    presence,
    engine,
    packages: stores.packages,
    secrets,
    tokens,
    metrics,
    metricsPublic: settings.metricsPublic,
    tracer,
    control,
    log,
    loop,
    version: VERSION,
    bodyLimitBytes: settings.bodyLimitBytes,
    adminToken: settings.adminToken,
    trustProxy: settings.trustProxy,
    requestLines: quiet ? undefined : bufferedWriter(write),
    ...(webDist ? { webDist } : {}),
  });

  const server = await listen(app.fetch, settings.host, settings.port, webSocketServerOf(engine));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const shownHost = settings.host === '127.0.0.1' || settings.host === '::1' ? 'localhost' : settings.host;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropWebSockets(engine);
        // Open keep-alive and SSE connections would hold `close` open; runs are cancelled next anyway.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      workflowFiles?.close();
      await scheduler.stop();
      await engine.stop();
      states.close();
      secrets.close();
      await tokens.close();
      metrics?.close();
      await tracer?.close();
      await presence.close();
      await stores.close();
      loop.stop();
    })();
    return stopping;
  };
  return { url: `http://${shownHost}:${port}`, port, engine, settings, stop };
}

const KEEP_ALIVE_MS = 65_000;

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
  webSockets: WebSocketServerLike | undefined,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port, ...(webSockets ? { websocket: { server: webSockets } } : {}) }, () => resolve(server));
    // Node closes an idle kept-alive connection after 5 s, the moment a client or a load balancer
    // may reuse it, which fails that request ("other side closed"); a longer wait than theirs
    // (about 60 s for most balancers) leaves the closing to them.
    if ('keepAliveTimeout' in server) {
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      server.headersTimeout = KEEP_ALIVE_MS + 1000;
      lingeringClose(server);
    }
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
