import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventStoreMod } from '@pattern/mod-event-store';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { loadSettings, startServer } from '../src/index.ts';

describe('the safeMode setting', () => {
  it('is off by default, set by PATTERN_SAFE_MODE (1, true, 0, false) or safeMode in the config file, the env winning', () => {
    const dir = tempDir();
    expect(loadSettings({}, dir).safeMode).toBe(false);
    expect(loadSettings({ PATTERN_SAFE_MODE: '1' }, dir).safeMode).toBe(true);
    expect(loadSettings({ PATTERN_SAFE_MODE: 'true' }, dir).safeMode).toBe(true);
    expect(loadSettings({ PATTERN_SAFE_MODE: '0' }, dir).safeMode).toBe(false);
    expect(loadSettings({ PATTERN_SAFE_MODE: 'false' }, dir).safeMode).toBe(false);
    writeFileSync(join(dir, 'pattern.config.json'), JSON.stringify({ safeMode: true }));
    expect(loadSettings({}, dir).safeMode).toBe(true);
    expect(loadSettings({ PATTERN_SAFE_MODE: '0' }, dir).safeMode).toBe(false);
  });

  it('refuses any other value, naming the setting and what it accepts', () => {
    const dir = tempDir();
    for (const value of ['yes', 'on', 'TRUE', '2', ' ']) {
      expect(() => loadSettings({ PATTERN_SAFE_MODE: value }, dir)).toThrow(`PATTERN_SAFE_MODE must be 1, true, 0 or false (got "${value}")`);
    }
    writeFileSync(join(dir, 'pattern.config.json'), JSON.stringify({ safeMode: 'yes' }));
    expect(() => loadSettings({}, dir)).toThrow(/safeMode: /);
  });

  it('reaches the mods as ctx.safeMode', async () => {
    const dir = tempDir();
    const settings = loadSettings({ PATTERN_SAFE_MODE: '1', PATTERN_DATA_DIR: dir }, dir);
    const server = await startServer({ settings: { ...settings, mods: [] }, mods: [eventStoreMod()], quiet: true, seed: false, port: 0 });
    const mod = server.engine.registry.mods.find((m) => m.name === 'event-store');
    expect(mod && server.engine.context(mod).safeMode).toBe(true);
    const answer = await fetch(`${server.url}/api/events/projections`);
    expect(await answer.json()).toEqual({ projections: [], safeMode: true });
    await server.stop();
  });
});
