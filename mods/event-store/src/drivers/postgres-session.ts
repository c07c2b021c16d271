import { PatternError } from '@pattern/core';
import { type Listener, listen, type Pool } from '@pattern/postgres';
import pg from 'pg';
import type { ConsumerClaim } from './driver.ts';
import { checkpointValues, statements } from './postgres-statements.ts';

/** Where every append is announced, with `<schema> <head>` as the payload. */
const CHANNEL = 'pattern_events';

/**
 * This process's own connection to the store, for what lives as long as a session: consumer
 * claims are session-level advisory locks on it, so a server that dies (or loses its connection)
 * frees its claims at once, and checkpoints written through it are written only while it holds
 * them. Beside it a listener hears of appends made by other servers.
 */
export function createSession(pool: Pool, url: string, schema: string) {
  let session: Promise<pg.Client> | undefined;
  /** Bumped when the session is lost: claims acquired on an older one are no longer held. */
  let generation = 0;
  let closed = false;
  const watchers = new Set<(head: number) => void>();
  let listener: Listener | undefined;

  const tell = (head: number) => {
    for (const watcher of watchers) watcher(head);
  };
  const startListening = () => {
    listener ??= listen(
      pool,
      CHANNEL,
      (payload) => {
        const [from, head] = payload.split(' ');
        if (from === schema) tell(Number(head));
      },
      {
        // Appends made while the listener was away were never announced: followers hear the head as it is now.
        onReconnect: () =>
          void pool.query<{ head: string }>(statements.head()).then(
            ({ rows }) => tell(Number(rows[0]?.head ?? 0)),
            () => {},
          ),
      },
    );
  };

  const connect = (): Promise<pg.Client> => {
    if (closed) return Promise.reject(new Error('the event store is closed'));
    if (!session) {
      const client = new pg.Client({ connectionString: url, keepAlive: true });
      const lost = () => {
        if (session !== opening) return;
        session = undefined;
        generation++;
        client.end().catch(() => {});
      };
      client.on('error', lost);
      client.on('end', lost);
      const opening = client.connect().then(
        () => client,
        (error) => {
          lost();
          throw error;
        },
      );
      session = opening;
    }
    return session;
  };

  /** Claims of this process by name: a session's advisory locks are re-entrant, so it must keep its own consumers apart. */
  const holders = new Map<string, ConsumerClaim>();

  function claim(name: string): ConsumerClaim {
    /** The generation of the session the lock was taken on; undefined while not held. */
    let heldOn: number | undefined;
    const held = () => heldOn !== undefined && heldOn === generation && session !== undefined;
    const self: ConsumerClaim = {
      get held() {
        return held();
      },
      async acquire() {
        if (held()) return true;
        const holder = holders.get(name);
        if (holder && holder !== self && holder.held) return false;
        const client = await connect();
        // Once a claim is taken, appends from elsewhere reach this process's followers; if listening
        // fails for now, it is retried, and followers poll meanwhile.
        await listener?.listening().catch(() => {});
        const on = generation;
        const { rows } = await client.query<{ ok: boolean }>(statements.tryClaim([name]));
        if (rows[0]?.ok) {
          heldOn = on;
          holders.set(name, self);
        }
        return held();
      },
      async saveCheckpoint(checkpoint) {
        const client = held() ? await session : undefined;
        if (!client) throw new PatternError('conflict', `The claim on ${name} was lost; another server may follow it now`, { name });
        await client.query(statements.setCheckpoint(checkpointValues(checkpoint)));
      },
      async release() {
        if (holders.get(name) === self) holders.delete(name);
        if (!held()) return;
        heldOn = undefined;
        const client = await session;
        await client?.query(statements.unclaim([name]));
      },
    };
    return self;
  }

  return {
    claim,
    watch(watcher: (head: number) => void): () => void {
      watchers.add(watcher);
      startListening();
      return () => watchers.delete(watcher);
    },
    async close() {
      closed = true;
      await listener?.close();
      const client = await session?.catch(() => undefined);
      session = undefined;
      generation++;
      await client?.end().catch(() => {});
    },
  };
}
