import { testServer } from '@pattern/testing/server';
import { describe, expect, it } from 'vitest';
import { createAllowList } from '../src/addresses/allow-list.ts';
import { httpMod } from '../src/index.ts';
import { httpRoutes } from '../src/routes/index.ts';
import { HttpService } from '../src/service.ts';

const routes = (allow: string[]) => httpRoutes(() => new HttpService(createAllowList(allow)));

describe('GET /api/http/check', () => {
  it('says which address a URL would reach, or why not, without connecting', async () => {
    const refused = await routes([]).request('/api/http/check?url=http://0x7f.1:9/admin');
    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({ url: 'http://127.0.0.1:9/admin', allowed: false, address: '127.0.0.1', reason: 'loopback' });
    const allowed = await routes(['127.0.0.0/8']).request('/api/http/check?url=http://127.0.0.1:9/');
    expect(await allowed.json()).toEqual({ url: 'http://127.0.0.1:9/', allowed: true, address: '127.0.0.1' });
  });

  it('refuses what is not an http URL as bad input, on a real server', async () => {
    const server = await testServer({ mods: [httpMod] });
    try {
      for (const url of ['file:///etc/passwd', 'not a url', '']) {
        const response = await fetch(`${server.url}/api/http/check?url=${encodeURIComponent(url)}`);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect((await response.json()).error.message).toContain('url');
      }
    } finally {
      await server.stop();
    }
  });
});
