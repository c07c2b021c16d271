import pg from 'pg';

/** What one caller of `listen` wants from the connection it shares. */
export interface Subscription {
  readonly channel: string;
  readonly onNotify: (payload: string) => void;
  readonly onReconnect?: (() => void) | undefined;
  readonly onError?: ((error: unknown) => void) | undefined;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** LISTEN is active for it on the current connection. */
  active: boolean;
  /** It may have missed notifications: the connection was lost, or a first attempt failed. */
  missed: boolean;
  closed: boolean;
  attempt: Attempt;
}

export interface Attempt {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

export function attempt(): Attempt {
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

/** One connection per database URL (else per pool) in the process, whoever listens and on what. */
const connections = new Map<unknown, ListenConnection>();

/** The connection that LISTENs for everyone using the pool's database: made on first use, ended with its last subscriber. */
export function connectionFor(pool: pg.Pool): ListenConnection {
  const key = typeof pool.options.connectionString === 'string' ? pool.options.connectionString : pool;
  let connection = connections.get(key);
  if (!connection) {
    connection = new ListenConnection(pool.options, () => connections.delete(key));
    connections.set(key, connection);
  }
  return connection;
}

/**
 * A connection of its own (a pooled one would be handed to other queries), made with the pool's
 * settings, that LISTENs on every channel its subscribers want and hands each notification to the
 * subscribers of its channel. A lost connection is made again, with backoff, and LISTENs again on
 * every channel; `onReconnect` then tells each subscriber it may have missed notifications.
 */
export class ListenConnection {
  private readonly subscribers = new Map<string, Set<Subscription>>();
  private client: pg.Client | undefined;
  private ready = false;
  /** The LISTEN sent for each channel over the current connection; the client runs them in order. */
  private listened = new Map<string, Promise<void>>();
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: pg.PoolConfig,
    private readonly forget: () => void,
  ) {}

  add(subscription: Subscription): void {
    const { channel } = subscription;
    let group = this.subscribers.get(channel);
    if (!group) {
      group = new Set();
      this.subscribers.set(channel, group);
    }
    group.add(subscription);
    if (this.client && this.ready) this.listenOn(this.client, channel);
    else if (!this.client && !this.retry) this.connect();
  }

  async remove(subscription: Subscription): Promise<void> {
    const group = this.subscribers.get(subscription.channel);
    if (!group?.delete(subscription)) return;
    if (group.size > 0) return;
    this.subscribers.delete(subscription.channel);
    if (this.subscribers.size === 0) {
      this.forget();
      if (this.retry) clearTimeout(this.retry);
      this.retry = undefined;
      const last = this.client;
      this.client = undefined;
      this.ready = false;
      await last?.end().catch(() => {});
      return;
    }
    const client = this.client;
    this.listened.delete(subscription.channel);
    if (client && this.ready) await client.query(`UNLISTEN ${subscription.channel}`).catch(() => {});
  }

  private each(visit: (subscription: Subscription) => void): void {
    for (const group of this.subscribers.values()) for (const subscription of group) visit(subscription);
  }

  private connect(): void {
    this.retry = undefined;
    const next = new pg.Client({ ...this.options, keepAlive: true });
    this.client = next;
    this.ready = false;
    this.listened = new Map();
    next.on('notification', (message) => {
      for (const subscription of this.subscribers.get(message.channel) ?? []) subscription.onNotify(message.payload ?? '');
    });
    next.on('error', (error) => this.lost(next, error));
    next.on('end', () => this.lost(next, new Error(`the connection listening on ${[...this.subscribers.keys()].join(', ')} ended`)));
    next.connect().then(
      () => {
        if (this.client !== next) return;
        this.ready = true;
        for (const channel of this.subscribers.keys()) this.listenOn(next, channel);
      },
      (error: unknown) => this.lost(next, error),
    );
  }

  /** LISTENs on a channel over `client` once, and tells its subscribers when it is active. */
  private listenOn(client: pg.Client, channel: string): void {
    let listening = this.listened.get(channel);
    if (!listening) {
      listening = client.query(`LISTEN ${channel}`).then(() => undefined);
      this.listened.set(channel, listening);
    }
    listening.then(
      () => {
        if (this.client !== client) return;
        this.failures = 0;
        for (const subscription of this.subscribers.get(channel) ?? []) activate(subscription);
      },
      (error: unknown) => this.lost(client, error),
    );
  }

  private lost(from: pg.Client, error: unknown): void {
    if (this.client !== from) return;
    this.client = undefined;
    this.ready = false;
    from.end().catch(() => {});
    if (this.subscribers.size === 0) return;
    let minDelayMs = Number.POSITIVE_INFINITY;
    let maxDelayMs = Number.POSITIVE_INFINITY;
    this.each((subscription) => {
      subscription.active = false;
      subscription.missed = true;
      minDelayMs = Math.min(minDelayMs, subscription.minDelayMs);
      maxDelayMs = Math.min(maxDelayMs, subscription.maxDelayMs);
      subscription.onError?.(error);
      subscription.attempt.reject(error);
      subscription.attempt = attempt();
    });
    this.retry = setTimeout(() => this.connect(), Math.min(maxDelayMs, minDelayMs * 2 ** this.failures++));
    this.retry.unref();
  }
}

function activate(subscription: Subscription): void {
  if (subscription.closed || subscription.active) return;
  subscription.active = true;
  subscription.attempt.resolve();
  if (subscription.missed) {
    subscription.missed = false;
    subscription.onReconnect?.();
  }
}
