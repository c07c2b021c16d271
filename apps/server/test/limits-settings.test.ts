import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { loadSettings, resolveSettings } from '../src/index.ts';

function withConfig(config: unknown) {
  const dir = tempDir();
  writeFileSync(join(dir, 'pattern.config.json'), JSON.stringify(config));
  return () => loadSettings({}, dir);
}

describe('limits.* settings', () => {
  it('default to 256 levels for run values and 64 for stored data', () => {
    expect(resolveSettings({}, {}, '/srv/app')).toMatchObject({ maxValueDepth: 256, maxStoredDepth: 64 });
  });

  it('are read from the config file; stored data defaults to no deeper than run values', () => {
    expect(withConfig({ limits: { maxValueDepth: 100, maxStoredDepth: 20 } })()).toMatchObject({ maxValueDepth: 100, maxStoredDepth: 20 });
    expect(withConfig({ limits: { maxValueDepth: 32 } })()).toMatchObject({ maxValueDepth: 32, maxStoredDepth: 32 });
  });

  it('refuse values outside their range at start, naming the setting', () => {
    expect(withConfig({ limits: { maxValueDepth: 0 } })).toThrow(/limits\.maxValueDepth: .*>=1/);
    expect(withConfig({ limits: { maxValueDepth: 257 } })).toThrow(/limits\.maxValueDepth: .*<=256/);
    expect(withConfig({ limits: { maxStoredDepth: 1.5 } })).toThrow(/limits\.maxStoredDepth/);
    expect(withConfig({ limits: { depth: 3 } })).toThrow(/limits: Unrecognized key/);
    expect(withConfig({ limits: { maxValueDepth: 32, maxStoredDepth: 64 } })).toThrow(
      /limits\.maxStoredDepth must be a whole number from 1 to limits\.maxValueDepth \(32\); got 64/,
    );
  });
});
