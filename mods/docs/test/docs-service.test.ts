import { createEngine } from '@pattern/core';
import storeMod from '@pattern/mod-store';
import { describe, expect, it } from 'vitest';
import { DocsService, docsMod } from '../src/index.ts';
import type { Site } from '../src/site/build-site.ts';

describe('the docs service', () => {
  it('holds the site of its own engine, built once', async () => {
    const withStore = createEngine({ mods: [storeMod, docsMod] });
    const alone = createEngine({ mods: [docsMod] });
    await withStore.start();
    await alone.start();
    try {
      const site = await withStore.services.get('docs').site();
      expect(await withStore.services.get('docs').site()).toBe(site);
      expect(site.page('/docs/ops/store.put')?.status).toBe(200);
      // One mod definition in two engines: each has its own site, from its own mods.
      expect((await alone.services.get('docs').site()).page('/docs/ops/store.put')).toBeUndefined();
    } finally {
      await withStore.stop();
      await alone.stop();
    }
  });

  it('keeps no failed build, so the next call builds again', async () => {
    const built = { page: () => undefined } as unknown as Site;
    let calls = 0;
    const docs = new DocsService(async () => {
      calls++;
      if (calls === 1) throw new Error('handbook unreadable');
      return built;
    });
    await expect(docs.site()).rejects.toThrow('handbook unreadable');
    expect(await docs.site()).toBe(built);
    expect(await docs.site()).toBe(built);
    expect(calls).toBe(2);
  });
});
