import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverMain, tempDir, tsNode } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { loadSettings, resolveSettings, startServer } from '../src/index.ts';

describe('settings', () => {
  it('uses the documented defaults', () => {
    const settings = resolveSettings({}, {}, '/srv/app');
    expect(settings).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: '/srv/app/.pattern-data', storage: 'sqlite', keepRuns: 10_000 });
    expect(settings.mods.map((m) => m.module)).toEqual([
      '@pattern/mod-store',
      '@pattern/mod-event-store',
      '@pattern/mod-docs',
      '@pattern/mod-http',
      '@pattern/mod-code',
      '@pattern/mod-realtime',
    ]);
  });

  it('lets env values win over the config file, and resolves paths against the config folder', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pattern.config.json'), JSON.stringify({ port: 4000, dataDir: 'data', mods: ['./my-mod.ts'] }));
    const settings = loadSettings({ PORT: '5000' }, dir);
    expect(settings.port).toBe(5000);
    expect(settings.dataDir).toBe(join(dir, 'data'));
    expect(settings.mods[0]?.module).toBe(join(dir, 'my-mod.ts'));
    expect(loadSettings({ PATTERN_DATA_DIR: '/elsewhere' }, dir).dataDir).toBe('/elsewhere');
  });

  it('refuses bad settings naming the setting and what it accepts', () => {
    const dir = tempDir();
    expect(() => loadSettings({ PORT: 'eighty' }, dir)).toThrow(/PORT must be a whole number from 0 to 65535/);
    expect(() => loadSettings({ HOST: '0.0.0.0' }, dir)).toThrow(/PATTERN_ADMIN_TOKEN/);
    expect(loadSettings({ HOST: '0.0.0.0', PATTERN_ADMIN_TOKEN: 'a-long-random-secret-0123456789abcdef' }, dir).host).toBe('0.0.0.0');
    expect(() => loadSettings({ PATTERN_DATABASE_URL: 'mysql://x' }, dir)).toThrow(/postgres:\/\//);
    expect(() => loadSettings({ PATTERN_CONFIG: 'missing.json' }, dir)).toThrow(/does not exist/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ port: 'x', storage: 'disk', colour: 1 }));
    expect(() => loadSettings({ PATTERN_CONFIG: 'bad.json' }, dir)).toThrow(/port: .*\n.*storage: .*\n.*Unrecognized key/s);
    writeFileSync(join(dir, 'broken.json'), '{ "port": ');
    expect(() => loadSettings({ PATTERN_CONFIG: 'broken.json' }, dir)).toThrow(/not valid JSON/);
  });

  it('refuses an admin token shorter than 32 characters, saying how to make one', async () => {
    const dir = tempDir();
    expect(() => loadSettings({ PATTERN_ADMIN_TOKEN: 'a' }, dir)).toThrow(
      /PATTERN_ADMIN_TOKEN is too short \(1 character\); it needs at least 32\. Generate one with: openssl rand -hex 32/,
    );
    expect(() => loadSettings({ PATTERN_ADMIN_TOKEN: 'x'.repeat(31) }, dir)).toThrow(/too short \(31 characters\)/);
    expect(loadSettings({ PATTERN_ADMIN_TOKEN: 'x'.repeat(32) }, dir).adminToken).toBe('x'.repeat(32));
    await expect(startServer({ quiet: true, mods: [], dataDir: tempDir(), adminToken: 'short' })).rejects.toThrow(/at least 32/);
    const result = spawnSync(process.execPath, [...tsNode, serverMain], {
      cwd: tempDir(),
      env: { ...process.env, PORT: '0', PATTERN_ADMIN_TOKEN: 'a' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Pattern cannot start: PATTERN_ADMIN_TOKEN is too short');
  });

  it('trusts forwarded headers only when told to, by PATTERN_TRUST_PROXY or trustProxy', () => {
    const dir = tempDir();
    expect(loadSettings({}, dir).trustProxy).toBe(false);
    expect(loadSettings({ PATTERN_TRUST_PROXY: 'true' }, dir).trustProxy).toBe(true);
    expect(loadSettings({ PATTERN_TRUST_PROXY: '0' }, dir).trustProxy).toBe(false);
    expect(() => loadSettings({ PATTERN_TRUST_PROXY: 'yes' }, dir)).toThrow(/PATTERN_TRUST_PROXY must be 1, true, 0 or false \(got "yes"\)/);
    writeFileSync(join(dir, 'pattern.config.json'), JSON.stringify({ trustProxy: true }));
    expect(loadSettings({}, dir).trustProxy).toBe(true);
    expect(loadSettings({ PATTERN_TRUST_PROXY: 'false' }, dir).trustProxy).toBe(false);
    writeFileSync(join(dir, 'pattern.config.json'), JSON.stringify({ trustProxy: 'yes' }));
    expect(() => loadSettings({}, dir)).toThrow(/trustProxy: /);
  });

  it('a bad setting stops the real server with a non-zero exit and the message', () => {
    const result = spawnSync(process.execPath, [...tsNode, serverMain], {
      cwd: tempDir(),
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Pattern cannot start: PORT must be a whole number');
  });
});
