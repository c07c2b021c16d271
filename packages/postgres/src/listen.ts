import type pg from 'pg';
import { attempt, connectionFor, type Subscription } from './listen-connection.ts';

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

/**
 * LISTENs on `channel` for notifications, over the one connection that every listener of the
 * pool's database in this process shares (a server's workflows, secrets, presence and realtime
 * then hold one backend between them, not one each). A lost connection is made again, with the
 * shortest backoff its listeners ask for, and LISTENs again; `onReconnect` then tells each
 * listener it may have missed notifications. The last listener to close ends the connection.
 */
export function listen(pool: pg.Pool, channel: string, onNotify: (payload: string) => void, options: ListenOptions = {}): Listener {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`"${channel}" is not a channel name (lower-case letters, digits and _)`);
  const subscription: Subscription = {
    channel,
    onNotify,
    onReconnect: options.onReconnect,
    onError: options.onError,
    minDelayMs: options.minDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 5000,
    active: false,
    missed: false,
    closed: false,
    attempt: attempt(),
  };
  const connection = connectionFor(pool);
  connection.add(subscription);
  return {
    listening: () => (subscription.active ? Promise.resolve() : subscription.attempt.promise),
    async close() {
      if (subscription.closed) return;
      subscription.closed = true;
      subscription.active = false;
      subscription.attempt = attempt();
      subscription.attempt.reject(new Error(`the listener on ${channel} is closed`));
      await connection.remove(subscription);
    },
  };
}
