import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { utf8 } from './encoding-bytes.ts';

const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const;
export const JwtAlgorithmSchema = z.enum(JWT_ALGORITHMS);

/** Far more than any key or key set; a bound, so no one hands the parser megabytes. */
const MAX_KEY_TEXT = 256 * 1024;

function invalidKey(message: string): PatternError {
  return new PatternError('invalid_key', message, { field: 'key' });
}

function readJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below, with the one message every malformed key gets.
  }
  throw invalidKey('The key looks like JSON but is not a JSON Web Key or key set.');
}

function keyText(text: string): string {
  if (text.length > MAX_KEY_TEXT) throw invalidKey('The key is longer than any key (256 KiB).');
  return text.trim();
}

/**
 * The key `jwt.sign` signs with: a PEM private key (PKCS#8, PKCS#1 or SEC1), a private JWK as
 * JSON, or else a shared secret, as its UTF-8 bytes.
 */
export function signingKey(text: string): KeyObject | Uint8Array {
  const trimmed = keyText(text);
  try {
    if (trimmed.startsWith('{')) {
      const jwk = readJson(trimmed);
      if (jwk.kty === 'oct' && typeof jwk.k === 'string') return createSecretKey(Buffer.from(jwk.k, 'base64url'));
      return createPrivateKey({ key: jwk as never, format: 'jwk' });
    }
    if (trimmed.startsWith('-----BEGIN')) return createPrivateKey(trimmed);
  } catch (error) {
    if (error instanceof PatternError) throw error;
    throw invalidKey(`The key cannot be read as a private key: ${(error as Error).message}.`);
  }
  return utf8(text, 'key');
}

/**
 * The key `jwt.verify` checks with: a PEM public key or certificate (a private key works too:
 * its public half is used), a JWK or a JWK set as JSON (the token's `kid` and `alg` pick the
 * key), or else a shared secret, as its UTF-8 bytes.
 */
export function verifyingKey(text: string): KeyObject | Uint8Array | JWTVerifyGetKey {
  const trimmed = keyText(text);
  try {
    if (trimmed.startsWith('{')) {
      const json = readJson(trimmed);
      if (Array.isArray(json.keys)) return createLocalJWKSet(json as unknown as JSONWebKeySet);
      // One key is the key, whatever `kid` the token names; a set picks by `kid`.
      return createPublicKeyOrSecret(json);
    }
    if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  } catch (error) {
    if (error instanceof PatternError) throw error;
    throw invalidKey(`The key cannot be read as a public key or key set: ${(error as Error).message}.`);
  }
  return utf8(text, 'key');
}

function createPublicKeyOrSecret(jwk: Record<string, unknown>): KeyObject {
  if (jwk.kty === 'oct' && typeof jwk.k === 'string') return createSecretKey(Buffer.from(jwk.k, 'base64url'));
  return createPublicKey({ key: jwk as never, format: 'jwk' });
}

/** Why a token was refused, as a short code a workflow can branch on. */
type JwtReason =
  | 'malformed'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'claim_mismatch'
  | 'claim_missing'
  | 'algorithm_not_allowed'
  | 'key_mismatch'
  | 'no_matching_key'
  | 'key_set_unavailable';

const REASONS: Record<string, JwtReason> = {
  ERR_JWT_EXPIRED: 'expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad_signature',
  ERR_JOSE_ALG_NOT_ALLOWED: 'algorithm_not_allowed',
  ERR_JOSE_NOT_SUPPORTED: 'algorithm_not_allowed',
  ERR_JWS_INVALID: 'malformed',
  ERR_JWT_INVALID: 'malformed',
  ERR_JWKS_NO_MATCHING_KEY: 'no_matching_key',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'no_matching_key',
  ERR_JWKS_TIMEOUT: 'key_set_unavailable',
  ERR_JWKS_INVALID: 'key_set_unavailable',
};

function sentence(reason: JwtReason, claim: string | undefined, detail: string): string {
  switch (reason) {
    case 'malformed':
      return `The token is not a well-formed JWT (${detail}).`;
    case 'bad_signature':
      return 'The signature does not match: the token was changed, or signed with another key.';
    case 'expired':
      return 'The token has expired.';
    case 'not_yet_valid':
      return 'The token is not valid yet: its `nbf` is in the future.';
    case 'claim_mismatch':
      return `The token's \`${claim}\` claim is not the one required.`;
    case 'claim_missing':
      return `The token has no \`${claim}\` claim.`;
    case 'algorithm_not_allowed':
      return "The token's algorithm is not one of those allowed.";
    case 'key_mismatch':
      return "The key is not of the kind the token's algorithm needs.";
    case 'no_matching_key':
      return 'No key in the key set matches the token.';
    case 'key_set_unavailable':
      return `The key set could not be read: ${detail}`;
  }
}

/** Maps what jose throws to a reason; a key of the wrong kind for the token's algorithm surfaces as a TypeError. */
export function refusal(error: unknown): { reason: JwtReason; message: string } {
  const { code, claim, reason: check } = error as { code?: string; claim?: string; reason?: string };
  const detail = error instanceof Error ? error.message : String(error);
  const reason = reasonOf(error, code, claim, check);
  return { reason, message: sentence(reason, claim, detail) };
}

function reasonOf(error: unknown, code: string | undefined, claim: string | undefined, check: string | undefined): JwtReason {
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (check === 'missing') return 'claim_missing';
    return claim === 'nbf' ? 'not_yet_valid' : 'claim_mismatch';
  }
  if (code && REASONS[code]) return REASONS[code];
  if (code?.startsWith('ERR_J')) return 'malformed';
  if (error instanceof PatternError) return 'key_set_unavailable';
  if (error instanceof TypeError) return 'key_mismatch';
  throw error;
}
