import { randomBytes } from 'node:crypto';
import { silentLogger } from '@pattern/core';
import { createPool } from '@pattern/postgres';
import { describeDrivers } from '@pattern/testing/drivers';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/persistence/database.ts';
import { createMemorySecretStore } from '../src/persistence/secrets/memory.ts';
import { createPostgresSecretStore } from '../src/persistence/secrets/postgres.ts';
import { createSqliteSecretStore } from '../src/persistence/secrets/sqlite.ts';
import { decrypt, encrypt } from '../src/secrets/cipher.ts';
import type { SecretStore } from '../src/secrets/secret-store.ts';
import { Secrets } from '../src/secrets/secrets.ts';

const key = (bytes = randomBytes(32)) => ({ key: bytes, source: 'PATTERN_SECRET_KEY' });

const drivers = describeDrivers<SecretStore>(
  'secrets on the %s store',
  {
    schema: 'secret_store',
    memory: createMemorySecretStore,
    sqlite: (file, cleanup) => async () => {
      const db = openDatabase(file);
      cleanup(() => db.close());
      return createSqliteSecretStore(db);
    },
    postgres: (url, cleanup) => async () => {
      const pool = createPool(url, 4);
      const store = await createPostgresSecretStore(pool);
      cleanup(
        () => pool.end(),
        () => store.close(),
      );
      return store;
    },
  },
  (fresh, name) => {
    it('keeps ciphertext only, and opens it again with the same key', async () => {
      const open = await fresh();
      const store = await open();
      const k = key();
      const secrets = await Secrets.open(store, k, silentLogger);
      expect((await secrets.put('stripe_key', 'sk_test_123')).created).toBe(true);
      expect((await secrets.put('stripe_key', 'sk_test_456')).created).toBe(false);
      const stored = await store.get('stripe_key');
      expect(stored?.ciphertext).not.toContain('sk_test');
      expect(secrets.has('stripe_key')).toBe(true);
      expect(await secrets.reveal('stripe_key')).toBe('sk_test_456');
      expect(await secrets.reveal('other')).toBeUndefined();
      const again = await Secrets.open(await open(), k, silentLogger);
      expect(again.has('stripe_key')).toBe(true);
      expect(await again.reveal('stripe_key')).toBe('sk_test_456');
      expect(await again.delete('stripe_key')).toBe(true);
      expect(again.has('stripe_key')).toBe(false);
      secrets.close();
      again.close();
    });

    it('refuses another key, naming where it came from', async () => {
      const open = await fresh();
      const store = await open();
      await Secrets.open(store, key(), silentLogger);
      await expect(Secrets.open(name === 'memory' ? store : await open(), key(), silentLogger)).rejects.toThrow(/PATTERN_SECRET_KEY/);
    });
  },
);

describe('two servers on one PostgreSQL database', () => {
  it('each learns of a secret the other added', async () => {
    const open = await drivers.postgres();
    const k = key();
    const one = await Secrets.open(await open(), k, silentLogger);
    const two = await Secrets.open(await open(), k, silentLogger);
    await one.put('shared', 'value');
    await expect.poll(() => two.has('shared')).toBe(true);
    expect(await two.reveal('shared')).toBe('value');
    await two.delete('shared');
    await expect.poll(() => one.has('shared')).toBe(false);
    one.close();
    two.close();
  });
});

describe('the cipher', () => {
  it('binds a value to its name: ciphertext moved to another name does not open', () => {
    const k = randomBytes(32);
    const text = encrypt(k, 'a', 'hello');
    expect(decrypt(k, 'a', text)).toBe('hello');
    expect(decrypt(k, 'b', text)).toBeUndefined();
    expect(decrypt(randomBytes(32), 'a', text)).toBeUndefined();
    expect(encrypt(k, 'a', 'hello')).not.toBe(text);
  });
});
