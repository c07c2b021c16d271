import { request } from 'node:http';
import { testServer } from '@pattern/testing/server';
import { describe, expect, it } from 'vitest';

/** The `Keep-Alive` header of one answer, read off the raw response. */
function keepAliveOf(url: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/health`, { agent: false, headers: { connection: 'keep-alive' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.headers['keep-alive'] as string | undefined));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('kept-alive connections', () => {
  it('are kept longer than clients and load balancers keep them, so they never reuse one the server just closed', async () => {
    const server = await testServer();
    try {
      expect(await keepAliveOf(server.url)).toBe('timeout=65');
    } finally {
      await server.stop();
    }
  });
});
