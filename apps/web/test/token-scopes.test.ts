import { describe, expect, it } from 'vitest';
import { SCOPES as SERVER_SCOPES } from '../../server/src/tokens/scopes.ts';
import { expiryFrom, SCOPES } from '../src/tokens/token-endpoints.ts';

describe('the Tokens page', () => {
  it('offers every scope the server knows, in its order', () => {
    expect(SCOPES).toEqual([...SERVER_SCOPES]);
  });

  it('turns an expiry choice into the time the server is sent', () => {
    const now = Date.parse('2030-01-01T00:00:00.000Z');
    expect(expiryFrom(30, now)).toBe('2030-01-31T00:00:00.000Z');
    expect(expiryFrom(null, now)).toBeNull();
  });
});
