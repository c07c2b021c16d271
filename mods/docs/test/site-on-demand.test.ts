import { createEngine } from '@pattern/core';
import { describe, expect, it, vi } from 'vitest';
import { docsMod } from '../src/index.ts';

describe('the docs site', () => {
  it('is built on the first request, not when the routes are mounted, and kept', async () => {
    const engine = createEngine({ mods: [docsMod] });
    await engine.start();
    try {
      const docs = engine.services.get('docs');
      const site = vi.spyOn(docs, 'site');
      const routes = docsMod.http?.routes?.(engine.context(docsMod));
      const get = async (path: string) => (await routes?.fetch(new Request(`http://docs.test${path}`)))?.status;
      expect(site).not.toHaveBeenCalled();
      expect(await get('/docs')).toBe(200);
      expect(await get('/docs/llms.txt')).toBe(200);
      expect(site).toHaveBeenCalledTimes(2);
      expect(await site.mock.results[1]?.value).toBe(await site.mock.results[0]?.value);
    } finally {
      await engine.stop();
    }
  });
});
