import type { Logger } from '@pattern/core';
import { type Listener, listen, type Pool } from '@pattern/postgres';
import type { PresenceMessage, PresenceRelay } from './presence.ts';

/** One server alone (memory, SQLite): nobody else to tell. */
export function localPresenceRelay(): PresenceRelay {
  return { publish() {}, subscribe: () => () => {}, close: async () => {} };
}

const CHANNEL = 'pattern_presence';

/** Servers on one PostgreSQL database hear each other's sessions by NOTIFY; a lost message is made good by the next heartbeat. */
export function postgresPresenceRelay(pool: Pool, log: Logger): PresenceRelay {
  const subscribers = new Set<(message: PresenceMessage) => void>();
  let listener: Listener | undefined;
  return {
    publish(message) {
      pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(message)]).catch((error: unknown) => {
        log.warn('could not tell the other servers who has a workflow open', { error: String(error) });
      });
    },
    subscribe(onMessage) {
      subscribers.add(onMessage);
      listener ??= listen(pool, CHANNEL, (payload) => {
        let message: PresenceMessage;
        try {
          message = JSON.parse(payload) as PresenceMessage;
        } catch {
          return;
        }
        for (const subscriber of subscribers) subscriber(message);
      });
      return () => subscribers.delete(onMessage);
    },
    async close() {
      subscribers.clear();
      await listener?.close();
    },
  };
}
