import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpMod from '@pattern/mod-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/index.ts';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwks = { keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' }] };
let requests = 0;
let server: Server;
let jwksUrl: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    requests++;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function withEngine(allowHosts: string[], body: (engine: Engine) => Promise<void>): Promise<void> {
  const engine = createEngine({ mods: [httpMod], modOptions: { http: { allowHosts } } });
  await engine.start();
  try {
    await body(engine);
  } finally {
    await engine.stop();
  }
}

async function token(engine: Engine): Promise<string> {
  const key = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const run = await engine.invoke('jwt.sign', { payload: { sub: 'u1' }, key }, { algorithm: 'ES256', keyId: 'k1', expiresIn: '5m' }).done;
  return (run.output as { token: string }).token;
}

const verifier = () => ({
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'verify', op: 'jwt.verify', config: { algorithms: ['ES256'], jwksUrl } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [
    { from: { node: 'in', port: 'value' }, to: { node: 'verify', port: 'token' } },
    { from: { node: 'verify', port: 'ok' }, to: { node: 'out', port: 'value' } },
  ],
});

describe('jwt.verify with a JWK set URL, through the http mod', () => {
  it('fetches the keys from a host the address rules allow, once for many runs of the node', async () => {
    await withEngine(['127.0.0.1'], async (engine) => {
      const plan = engine.compile(verifier());
      const jwt = await token(engine);
      requests = 0;
      for (let i = 0; i < 3; i++) {
        const run = await engine.run({ plan, input: jwt });
        expect(run.status, run.error?.message).toBe('ok');
        expect(run.output).toBe(true);
      }
      expect(requests).toBe(1);
    });
  });

  it('never connects to a loopback address the rules do not allow, and says so as a refusal', async () => {
    await withEngine([], async (engine) => {
      const jwt = await token(engine);
      requests = 0;
      const run = await engine.invoke('jwt.verify', { token: jwt }, { algorithms: ['ES256'], jwksUrl }).done;
      expect(run.status).toBe('ok');
      expect(run.output).toMatchObject({ ok: false, reason: 'key_set_unavailable' });
      expect(requests).toBe(0);
    });
  });
});
