import { tempDir } from '@pattern/testing';
import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeMod } from '../src/index.ts';

let server: PatternServer;

beforeAll(async () => {
  server = await testServer({ mods: [storeMod], dataDir: tempDir(), storage: 'sqlite', seed: false });
});
afterAll(async () => {
  await server.stop();
});

const create = (collection: string, body: string) =>
  fetch(`${server.url}/api/store/collections/${collection}/docs`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

describe('POST /api/store/collections/:name/docs', () => {
  it('creates a document under an id the store assigns: ULIDs that sort in creation order', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const response = await create('notes', JSON.stringify({ n }));
      expect(response.status).toBe(201);
      const doc = (await response.json()) as { id: string; version: number; data: unknown };
      expect(doc.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(doc.version).toBe(1);
      expect(doc.data).toEqual({ n });
      ids.push(doc.id);
    }
    expect([...ids].sort()).toEqual(ids);
    const listed = (await (await fetch(`${server.url}/api/store/collections/notes/docs`)).json()) as { docs: Array<{ id: string }> };
    expect(listed.docs.map((d) => d.id)).toEqual(ids);
  });

  it('answers a body that is not an object with a 4xx naming the field', async () => {
    const response = await create('notes', '[1, 2]');
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toBeTruthy();
  });
});
