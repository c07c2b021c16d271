import { silentLogger } from '@pattern/core';
import { createPool } from '@pattern/postgres';
import { describeDrivers } from '@pattern/testing/drivers';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/persistence/database.ts';
import { createMemoryTokenStore } from '../src/persistence/tokens/memory.ts';
import { createPostgresTokenStore } from '../src/persistence/tokens/postgres.ts';
import { createSqliteTokenStore } from '../src/persistence/tokens/sqlite.ts';
import type { TokenStore } from '../src/tokens/token-store.ts';
import { hashToken, Tokens } from '../src/tokens/tokens.ts';

/** Each driver opens the same stored tokens again, as a restarted server would. */
describeDrivers<TokenStore>(
  'token store on %s',
  {
    schema: 'token_store',
    memory: createMemoryTokenStore,
    sqlite: (file, cleanup) => async () => {
      const db = openDatabase(file);
      cleanup(() => db.close());
      return createSqliteTokenStore(db);
    },
    postgres: (url, cleanup) => async () => {
      const pool = createPool(url);
      cleanup(() => pool.end());
      return createPostgresTokenStore(pool);
    },
  },
  (fresh) => {
    it('keeps the hash, never the text; finds by hash; revokes; records last uses in one batch', async () => {
      const open = await fresh();
      const tokens = new Tokens(await open(), { log: silentLogger });
      const ci = await tokens.mint('ci', ['runs:read', 'runs:write', 'runs:read'], null);
      const later = await tokens.mint('deploy', ['workflows:write'], '2999-01-01T00:00:00.000Z');
      expect(ci.token).toMatch(/^pat_[A-Za-z0-9_-]{43}$/);
      expect(ci.meta).toEqual({
        id: expect.any(String),
        name: 'ci',
        scopes: ['runs:read', 'runs:write'],
        createdAt: expect.any(String),
        expiresAt: null,
        lastUsedAt: null,
      });

      const reopened = await open();
      const stored = await reopened.findByHash(hashToken(ci.token));
      expect(stored).toMatchObject({ id: ci.meta.id, hash: hashToken(ci.token), scopes: ['runs:read', 'runs:write'] });
      expect(JSON.stringify(await reopened.list())).not.toContain(ci.token);
      expect(JSON.stringify(await reopened.list())).not.toContain(hashToken(ci.token));
      expect((await reopened.list()).map((t) => t.name).sort()).toEqual(['ci', 'deploy']);
      expect((await reopened.findByHash(hashToken(later.token)))?.expiresAt).toBe('2999-01-01T00:00:00.000Z');

      await reopened.touch([
        { id: ci.meta.id, at: '2030-01-01T00:00:00.000Z' },
        { id: later.meta.id, at: '2030-01-02T00:00:00.000Z' },
      ]);
      const listed = Object.fromEntries((await (await open()).list()).map((t) => [t.name, t.lastUsedAt]));
      expect(listed).toEqual({ ci: '2030-01-01T00:00:00.000Z', deploy: '2030-01-02T00:00:00.000Z' });

      expect(await tokens.revoke(ci.meta.id)).toBe(true);
      expect(await tokens.revoke(ci.meta.id)).toBe(false);
      expect(await tokens.authenticate(ci.token)).toBeUndefined();
      expect(await (await open()).findByHash(hashToken(ci.token))).toBeUndefined();
    });
  },
);

describe('Tokens', () => {
  function counted() {
    const store = createMemoryTokenStore();
    const batches: Array<Array<{ id: string; at: string }>> = [];
    const touch = store.touch.bind(store);
    store.touch = async (uses) => {
      batches.push([...uses]);
      await touch(uses);
    };
    return { store, batches };
  }

  it('writes a busy token’s last use at most once a minute, batched, never once per request', async () => {
    let now = Date.parse('2030-01-01T00:00:00.000Z');
    const { store, batches } = counted();
    const tokens = new Tokens(store, { log: silentLogger, now: () => now });
    const a = await tokens.mint('a', ['runs:read'], null);
    const b = await tokens.mint('b', ['data:read'], null);
    for (let i = 0; i < 100; i++) {
      expect(await tokens.authenticate(a.token)).toMatchObject({ kind: 'token', id: a.meta.id, scopes: ['runs:read'] });
      await tokens.authenticate(b.token);
    }
    expect(batches).toEqual([]);
    // The list shows the use before it is written.
    expect((await tokens.list()).find((t) => t.name === 'a')?.lastUsedAt).toBe('2030-01-01T00:00:00.000Z');
    await tokens.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((u) => u.id).sort()).toEqual([a.meta.id, b.meta.id].sort());

    now += 30_000;
    await tokens.authenticate(a.token);
    await tokens.flush();
    expect(batches).toHaveLength(1);

    now += 31_000;
    await tokens.authenticate(a.token);
    await tokens.close();
    expect(batches).toHaveLength(2);
    expect(batches[1]).toEqual([{ id: a.meta.id, at: '2030-01-01T00:01:01.000Z' }]);
  });

  it('refuses an expired token, an unknown one and text that is not a token', async () => {
    let now = Date.parse('2030-01-01T00:00:00.000Z');
    const tokens = new Tokens(createMemoryTokenStore(), { log: silentLogger, now: () => now });
    const soon = await tokens.mint('soon', ['admin'], '2030-01-01T00:00:10.000Z');
    expect(await tokens.authenticate(soon.token)).toMatchObject({ scopes: ['admin'] });
    now += 10_000;
    expect(await tokens.authenticate(soon.token)).toBeUndefined();
    expect(await tokens.authenticate(`pat_${'x'.repeat(43)}`)).toBeUndefined();
    expect(await tokens.authenticate('not-a-token')).toBeUndefined();
  });
});
