import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** What the key check value encrypts; only the right key opens it. */
const KEY_CHECK_TEXT = 'pattern secret key check';
const KEY_CHECK_NAME = '$key-check';

/**
 * AES-256-GCM with a fresh IV per value. The secret's name is authenticated with it, so a
 * ciphertext copied onto another name does not open there.
 */
export function encrypt(key: Buffer, name: string, value: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The value, or undefined when this key (or this name) does not open the ciphertext. */
export function decrypt(key: Buffer, name: string, ciphertext: string): string | undefined {
  const [version, payload] = ciphertext.split(':');
  if (version !== VERSION || payload === undefined) return undefined;
  const bytes = Buffer.from(payload, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(name, 'utf8'));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

export function keyCheckValue(key: Buffer): string {
  return encrypt(key, KEY_CHECK_NAME, KEY_CHECK_TEXT);
}

export function opensKeyCheck(key: Buffer, stored: string): boolean {
  return decrypt(key, KEY_CHECK_NAME, stored) === KEY_CHECK_TEXT;
}

/** A key given as 64 hex characters or as base64 of 32 bytes; undefined for anything else. */
export function parseSecretKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  return undefined;
}
