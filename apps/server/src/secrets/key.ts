import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@pattern/core';
import { SettingsError } from '../settings.ts';
import { KEY_BYTES, parseSecretKey } from './cipher.ts';

export interface SecretKey {
  key: Buffer;
  /** Where it came from, for messages: `PATTERN_SECRET_KEY`, or the key file's path. */
  source: string;
}

export const KEY_FILE = 'secret.key';

/**
 * The key secrets are encrypted with: `PATTERN_SECRET_KEY` when set, else the key file in the
 * data dir, made on first start (mode 0600) with a log line saying to back it up. Without a data
 * dir (memory storage) the key lives as long as the process, as the secrets do.
 */
export function loadSecretKey(given: string | undefined, dataDir: string | undefined, log: Logger): SecretKey {
  if (given !== undefined) {
    const key = parseSecretKey(given);
    if (!key) throw new SettingsError('PATTERN_SECRET_KEY must be 32 bytes as 64 hex characters or base64 (make one with: openssl rand -hex 32)');
    return { key, source: 'PATTERN_SECRET_KEY' };
  }
  if (!dataDir) return { key: randomBytes(KEY_BYTES), source: 'a key made for this process' };
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const key = parseSecretKey(readFileSync(file, 'utf8'));
    if (!key)
      throw new SettingsError(`${file} does not hold a secret key (64 hex characters); restore it from your backup or set PATTERN_SECRET_KEY`);
    if ((statSync(file).mode & 0o077) !== 0) log.warn(`${file} can be read by other users of this machine; chmod 600 it`);
    return { key, source: file };
  }
  const key = randomBytes(KEY_BYTES);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  log.info(
    `Made the key that encrypts secrets: ${file}. Back it up: without it the stored secrets cannot be read. Every server on the same database needs the same key (PATTERN_SECRET_KEY).`,
  );
  return { key, source: file };
}
