import { describe, expect, it } from 'vitest';
import { DEFAULT_MODS, resolveSettings } from '../src/settings.ts';

const resolve = (file: Parameters<typeof resolveSettings>[0], env: Record<string, string> = {}) => resolveSettings(file, env, '/tmp');

describe('http.allowHosts', () => {
  it('hands the config list and the env list together to the http mod', () => {
    const settings = resolve({ http: { allowHosts: ['billing.internal', '10.0.0.0/8'] } }, { PATTERN_HTTP_ALLOW_HOSTS: ' 127.0.0.1 , fd00::/8,' });
    expect(settings.modOptions.http).toEqual({ allowHosts: ['billing.internal', '10.0.0.0/8', '127.0.0.1', 'fd00::/8'] });
  });

  it('keeps allowHosts given among the mod options', () => {
    const settings = resolve({ options: { http: { allowHosts: ['a.internal'] } } }, { PATTERN_HTTP_ALLOW_HOSTS: 'b.internal' });
    expect(settings.modOptions.http).toEqual({ allowHosts: ['a.internal', 'b.internal'] });
  });

  it.each(['10.0.0.0/33', 'not a host', 'http://x.internal', '::1/129', 'a..b'])('stops the start on "%s", naming the setting', (entry) => {
    expect(() => resolve({ http: { allowHosts: [entry] } })).toThrow(/http\.allowHosts/);
    expect(() => resolve({}, { PATTERN_HTTP_ALLOW_HOSTS: entry })).toThrow(/PATTERN_HTTP_ALLOW_HOSTS/);
  });

  it('loads the http mod by default', () => {
    expect(DEFAULT_MODS).toContain('@pattern/mod-http');
  });
});

describe('PATTERN_SECRET_KEY', () => {
  it('takes 64 hex characters or base64 of 32 bytes', () => {
    expect(resolve({}, { PATTERN_SECRET_KEY: 'ab'.repeat(32) }).secretKey).toBe('ab'.repeat(32));
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(resolve({}, { PATTERN_SECRET_KEY: base64 }).secretKey).toBe(base64);
    expect(resolve({}).secretKey).toBeUndefined();
  });

  it.each(['short', 'ab'.repeat(31), 'zz'.repeat(32), Buffer.alloc(16).toString('base64')])('stops the start on a key like "%s"', (key) => {
    expect(() => resolve({}, { PATTERN_SECRET_KEY: key })).toThrow(/PATTERN_SECRET_KEY/);
  });
});
