import { describe, expect, it } from 'vitest';
import { isSecretRef, SECRET_NAME } from '../src/secrets/secret-endpoints.ts';

describe('secret references in the inspector', () => {
  it('are objects with exactly one "$secret" name', () => {
    expect(isSecretRef({ $secret: 'stripe_key' })).toBe(true);
    expect(isSecretRef({ $secret: 'a', other: 1 })).toBe(false);
    expect(isSecretRef({ $secret: 1 })).toBe(false);
    expect(isSecretRef('stripe_key')).toBe(false);
    expect(isSecretRef([{ $secret: 'a' }])).toBe(false);
    expect(isSecretRef(null)).toBe(false);
  });

  it('name secrets the way the server accepts them', () => {
    expect(SECRET_NAME.test('stripe_key')).toBe(true);
    expect(SECRET_NAME.test('_internal.v2-key')).toBe(true);
    expect(SECRET_NAME.test('1key')).toBe(false);
    expect(SECRET_NAME.test('a b')).toBe(false);
    expect(SECRET_NAME.test('a'.repeat(129))).toBe(false);
  });
});
