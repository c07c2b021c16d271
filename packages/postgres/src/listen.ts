import pg from 'pg';

export interface ListenOptions {
  /**
   * LISTEN is active again after the connection was lost (or after a first attempt failed):
   * notifications sent meanwhile were missed, so the caller re-reads what they would have told.
   */
  onReconnect?: () => void;
  /** The connection failed or was lost; it is retried. */
  onError?: (error: unknown) => void;
  /** The wait before the first retry; it doubles with every failed attempt, up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface Listener {
  /** Resolves once LISTEN is active; rejects if the attempt under way fails (the next one still follows). */
  listening(): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

interface Attempt {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function attempt(): Attempt {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  // Nobody may be waiting for this attempt; its failure is reported through onError.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * LISTENs on `channel` over a connection of its own (a pooled one would be handed to other
 * queries), made with the pool's settings. A lost connection is made again, with backoff, and
 * LISTENs again; `onReconnect` then tells the caller it may have missed notifications.
 */
export function listen(pool: pg.Pool, channel: string, onNotify: (payload: string) => void, options: ListenOptions = {}): Listener {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`"${channel}" is not a channel name (lower-case letters, digits and _)`);
  const minDelayMs = options.minDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  let client: pg.Client | undefined;
  let current = attempt();
  let active = false;
  let failures = 0;
  let missed = false;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const lost = (from: pg.Client, error: unknown) => {
    if (client !== from) return;
    client = undefined;
    active = false;
    missed = true;
    from.end().catch(() => {});
    if (closed) return;
    options.onError?.(error);
    current.reject(error);
    current = attempt();
    retry = setTimeout(connect, Math.min(maxDelayMs, minDelayMs * 2 ** failures++));
    retry.unref();
  };

  const connect = () => {
    retry = undefined;
    const next = new pg.Client({ ...pool.options, keepAlive: true });
    client = next;
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, new Error(`the connection listening on ${channel} ended`)));
    next
      .connect()
      .then(() => next.query(`LISTEN ${channel}`))
      .then(
        () => {
          if (client !== next) return;
          active = true;
          failures = 0;
          current.resolve();
          if (missed) options.onReconnect?.();
          missed = false;
        },
        (error: unknown) => lost(next, error),
      );
  };

  connect();
  return {
    listening: () => (active ? Promise.resolve() : current.promise),
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const last = client;
      client = undefined;
      active = false;
      current = attempt();
      current.reject(new Error(`the listener on ${channel} is closed`));
      await last?.end().catch(() => {});
    },
  };
}
