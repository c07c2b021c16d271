import { PatternError } from '../errors.ts';

/** How bytes are written as text; `text` is UTF-8. */
export type ByteEncoding = 'text' | 'hex' | 'base64' | 'base64url';

const LONE_SURROGATE = /\p{Cs}/u;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
const WHITESPACE = /[\t\n\f\r ]+/g;

/**
 * Text as UTF-8. A lone surrogate has no UTF-8 form: encoders would write U+FFFD in its place,
 * so two different texts would give the same bytes (and the same hash or signature); refused.
 */
export function utf8(text: string, field: string): Buffer {
  if (LONE_SURROGATE.test(text)) {
    throw new PatternError('invalid_text', `The ${field} holds a lone UTF-16 surrogate, which has no UTF-8 form.`, { field });
  }
  return Buffer.from(text, 'utf8');
}

/** Bytes given as text in an encoding; malformed hex or base64 is refused, never half-read. */
export function bytesFrom(value: string, encoding: ByteEncoding, field: string): Buffer {
  if (encoding === 'text') return utf8(value, field);
  if (encoding === 'hex') {
    if (!HEX.test(value)) throw new PatternError('invalid_encoding', `The ${field} is not hex: it needs pairs of the digits 0-9 and a-f.`, { field });
    return Buffer.from(value, 'hex');
  }
  // Line breaks and spaces are how MIME and PEM wrap base64; they carry nothing.
  const compact = value.replace(WHITESPACE, '');
  const alphabet = encoding === 'base64' ? BASE64 : BASE64URL;
  const padded = compact.endsWith('=');
  if (!alphabet.test(compact) || compact.length % 4 === 1 || (padded && compact.length % 4 !== 0)) {
    const name = encoding === 'base64' ? 'standard base64 (A-Z, a-z, 0-9, + and /)' : 'URL-safe base64 (A-Z, a-z, 0-9, - and _)';
    throw new PatternError('invalid_encoding', `The ${field} is not ${name}.`, { field });
  }
  return Buffer.from(compact, encoding);
}

/** Bytes written in an encoding; bytes that are not UTF-8 cannot become text, and are refused. */
export function bytesTo(bytes: Uint8Array, encoding: ByteEncoding, field: string): string {
  if (encoding !== 'text') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new PatternError('invalid_utf8', `The ${field} is not UTF-8 text; decode it to hex or base64 instead.`, { field });
  }
}
