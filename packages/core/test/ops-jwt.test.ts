import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, defineMod, type Engine } from '../src/index.ts';
import { startedEngine } from './helpers.ts';
import { HOSTILE_VALUES, invoker } from './ops-invoke-helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await startedEngine();
});
afterAll(async () => {
  await engine.stop();
});

const { output, failure, refusedOrOk } = invoker(() => engine);

const SECRET = 'a-shared-secret-of-at-least-32-bytes!';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: KeyObject, type: 'pkcs8' | 'spki' | 'pkcs1') => key.export({ type, format: 'pem' }) as string;
const jwk = (key: KeyObject, extra: Record<string, unknown> = {}) => JSON.stringify({ ...key.export({ format: 'jwk' }), ...extra });
const now = () => Math.floor(Date.now() / 1000);

async function sign(payload: Record<string, unknown>, key: string, config: Record<string, unknown> = {}): Promise<string> {
  return (await output('jwt.sign', { payload, key }, config)).token as string;
}

async function verify(token: string, key: string | undefined, config: Record<string, unknown> = {}) {
  return output('jwt.verify', key === undefined ? { token } : { token, key }, config);
}

describe('jwt.sign then jwt.verify', () => {
  it('round-trips any claims with a shared secret', async () => {
    const claims = fc.dictionary(fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
    await fc.assert(
      fc.asyncProperty(claims, async (claims) => {
        const payload = { ...JSON.parse(JSON.stringify(claims)), exp: now() + 60 };
        const token = await sign(payload, SECRET, { issuedAt: false });
        const verified = await verify(token, SECRET);
        expect(verified.ok).toBe(true);
        expect(verified.payload).toEqual(payload);
      }),
      { numRuns: 40 },
    );
  });

  it('signs and verifies RS256, PS256 and ES256 with PEM keys and JWKs', async () => {
    const cases = [
      { algorithm: 'RS256', privateKey: pem(rsa.privateKey, 'pkcs8'), publicKey: pem(rsa.publicKey, 'spki') },
      { algorithm: 'RS256', privateKey: pem(rsa.privateKey, 'pkcs1'), publicKey: pem(rsa.publicKey, 'pkcs1') },
      { algorithm: 'PS256', privateKey: jwk(rsa.privateKey), publicKey: jwk(rsa.publicKey) },
      { algorithm: 'ES256', privateKey: pem(ec.privateKey, 'pkcs8'), publicKey: pem(ec.publicKey, 'spki') },
      { algorithm: 'ES256', privateKey: jwk(ec.privateKey), publicKey: JSON.stringify({ keys: [JSON.parse(jwk(ec.publicKey, { kid: 'k1' }))] }) },
    ];
    for (const { algorithm, privateKey, publicKey } of cases) {
      const token = await sign({ sub: 'u1' }, privateKey, { algorithm, expiresIn: '5m', keyId: 'k1' });
      const verified = await verify(token, publicKey, { algorithms: [algorithm] });
      expect(verified, algorithm).toMatchObject({ ok: true, payload: { sub: 'u1' }, header: { alg: algorithm, kid: 'k1' } });
      // A private key may stand in for its public half.
      if (privateKey.startsWith('-----')) expect((await verify(token, privateKey, { algorithms: [algorithm] })).ok).toBe(true);
    }
  });

  it('checks issuer, audience, subject and clock tolerance', async () => {
    const token = await sign({}, SECRET, { issuer: 'https://auth.example.com', audience: ['api', 'web'], subject: 'u1', expiresIn: 60 });
    expect((await verify(token, SECRET, { issuer: 'https://auth.example.com', audience: 'web', subject: 'u1' })).ok).toBe(true);
    expect(await verify(token, SECRET, { issuer: 'https://evil.example.com' })).toMatchObject({ ok: false, reason: 'claim_mismatch' });
    expect(await verify(token, SECRET, { audience: 'admin' })).toMatchObject({ ok: false, reason: 'claim_mismatch' });
    const late = await sign({ exp: now() - 30 }, SECRET);
    expect(await verify(late, SECRET)).toMatchObject({ ok: false, reason: 'expired', message: 'The token has expired.' });
    expect((await verify(late, SECRET, { clockTolerance: 120 })).ok).toBe(true);
    const early = await sign({ nbf: now() + 600, exp: now() + 900 }, SECRET);
    expect(await verify(early, SECRET)).toMatchObject({ ok: false, reason: 'not_yet_valid' });
    const forever = await sign({ sub: 'u1' }, SECRET);
    expect(await verify(forever, SECRET)).toMatchObject({ ok: false, reason: 'claim_missing' });
    expect((await verify(forever, SECRET, { requireExpiry: false })).ok).toBe(true);
  });
});

/** A throwaway P-256 key and a self-signed certificate for it: verifiers are often handed a provider's certificate. */
const CERT_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgu5pQkPeThTWzGYfH
FMmzWIo8tD1HgjZyjfLpmVpB63ShRANCAAQOZtKFOlhh5HzCBac1FI1T7JTpSCvT
ffUaG+ABnQG3a6pmSKplLioB405gyHpujS/0IMrno9N2K1gKBUDn0p37
-----END PRIVATE KEY-----`;
const CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBgzCCASmgAwIBAgIUUscKigkCLnbWtx61QneDR53cOEMwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMcGF0dGVybi10ZXN0MB4XDTI2MTIwMjAwMTM1NFoXDTM2MTEy
OTAwMTM1NFowFzEVMBMGA1UEAwwMcGF0dGVybi10ZXN0MFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEDmbShTpYYeR8wgWnNRSNU+yU6Ugr0331GhvgAZ0Bt2uqZkiq
ZS4qAeNOYMh6bo0v9CDK56PTditYCgVA59Kd+6NTMFEwHQYDVR0OBBYEFNVajzzy
HubBzLhEZyI8XfYnm01mMB8GA1UdIwQYMBaAFNVajzzyHubBzLhEZyI8XfYnm01m
MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAONAjvs+gwR0w88u
ih9ORosAouD1hf47/DQwluI8QtwjAiBNU1JJORbWw3ySo4+FLOpRdDxnzwC/PsjL
ZAwUJ3ViZg==
-----END CERTIFICATE-----`;

describe('jwt.verify with a certificate', () => {
  it('checks with the public key the certificate holds', async () => {
    const token = await sign({ sub: 'u1' }, CERT_KEY, { algorithm: 'ES256', expiresIn: '5m' });
    expect(await verify(token, CERTIFICATE, { algorithms: ['ES256'] })).toMatchObject({ ok: true, payload: { sub: 'u1' } });
    const other = await sign({ sub: 'u1' }, pem(ec.privateKey, 'pkcs8'), { algorithm: 'ES256', expiresIn: '5m' });
    expect(await verify(other, CERTIFICATE, { algorithms: ['ES256'] })).toMatchObject({ ok: false, reason: 'bad_signature' });
  });
});

describe('jwt.verify refuses, as a value', () => {
  it('tokens signed with another key, altered, or in an algorithm not allowed', async () => {
    const token = await sign({ sub: 'u1' }, SECRET, { expiresIn: '1h' });
    expect(await verify(token, 'another-secret')).toMatchObject({ ok: false, reason: 'bad_signature' });
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin', exp: now() + 60 })).toString('base64url')}.${signature}`;
    expect(await verify(forged, SECRET)).toMatchObject({ ok: false, reason: 'bad_signature' });
    const rs = await sign({ exp: now() + 60 }, pem(rsa.privateKey, 'pkcs8'), { algorithm: 'RS256' });
    expect(await verify(rs, pem(rsa.publicKey, 'spki'))).toMatchObject({ ok: false, reason: 'algorithm_not_allowed' });
  });

  it('the public key used as an HMAC secret (algorithm confusion)', async () => {
    const publicPem = pem(rsa.publicKey, 'spki');
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'HS256' })}.${part({ sub: 'admin', exp: now() + 60 })}`;
    const confused = `${unsigned}.${createHmac('sha256', publicPem).update(unsigned).digest('base64url')}`;
    const result = await verify(confused, publicPem, { algorithms: ['HS256', 'RS256'] });
    expect(result.ok).toBe(false);
    expect(result.reason).toBe('key_mismatch');
  });

  it('unsigned and malformed tokens, and one with no key in the set', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.`;
    expect((await verify(none, SECRET)).ok).toBe(false);
    for (const token of ['', 'a.b', 'a.b.c', '...', 'x'.repeat(100_000)])
      expect(await verify(token, SECRET), token.slice(0, 10)).toMatchObject({ ok: false, reason: 'malformed' });
    const es = await sign({ exp: now() + 60 }, pem(ec.privateKey, 'pkcs8'), { algorithm: 'ES256', keyId: 'other' });
    expect(await verify(es, JSON.stringify({ keys: [JSON.parse(jwk(ec.publicKey, { kid: 'k1' }))] }), { algorithms: ['ES256'] })).toMatchObject({
      ok: false,
      reason: 'no_matching_key',
    });
  });

  it('only emits the ports of its case', async () => {
    const run = await engine.invoke('jwt.verify', { token: 'a.b.c', key: SECRET }).done;
    expect(Object.keys(run.output as object).sort()).toEqual(['message', 'ok', 'reason']);
  });
});

describe('keys that cannot be used fail the node with invalid_key', () => {
  it('for signing and verifying', async () => {
    const broken = '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----';
    expect(await failure('jwt.sign', { payload: {}, key: broken }, { algorithm: 'RS256' })).toMatchObject({
      code: 'invalid_key',
      details: { field: 'key' },
    });
    expect((await failure('jwt.sign', { payload: {}, key: SECRET }, { algorithm: 'ES256' })).code).toBe('invalid_key');
    expect((await failure('jwt.sign', { payload: {}, key: '{"kty":"nope"}' }, { algorithm: 'ES256' })).code).toBe('invalid_key');
    expect((await failure('jwt.verify', { token: 'a.b.c', key: '{not json' })).code).toBe('invalid_key');
    expect((await failure('jwt.verify', { token: 'a.b.c', key: broken })).code).toBe('invalid_key');
    expect((await failure('jwt.verify', { token: 'a.b.c' })).code).toBe('missing_input');
    expect((await failure('jwt.sign', { payload: {}, key: SECRET }, { expiresIn: 'soon' })).code).toBe('validation_failed');
  });
});

describe('keys from a JWK set URL', () => {
  it('are fetched through the http service, once for many tokens', async () => {
    const publicJwk = JSON.parse(jwk(ec.publicKey, { kid: 'k1', alg: 'ES256' }));
    const fetched: string[] = [];
    const http = defineMod({
      name: 'fake-http',
      version: '1.0.0',
      services: {
        http: {
          setup: () => ({
            fetch: async (request: { url: string }) => {
              fetched.push(request.url);
              return { ok: true, status: 200, headers: { 'content-type': 'application/json' }, body: { keys: [publicJwk] } };
            },
          }),
        },
      },
    });
    const app = createEngine({ mods: [http] });
    await app.start();
    try {
      const token = await sign({ sub: 'u1', exp: now() + 60 }, pem(ec.privateKey, 'pkcs8'), { algorithm: 'ES256', keyId: 'k1' });
      const workflow = {
        nodes: [
          { id: 'in', op: 'flow.input' },
          { id: 'verify', op: 'jwt.verify', config: { algorithms: ['ES256'], jwksUrl: 'https://auth.example.com/.well-known/jwks.json' } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [
          { from: { node: 'in', port: 'value' }, to: { node: 'verify', port: 'token' } },
          { from: { node: 'verify', port: 'payload' }, to: { node: 'out', port: 'value' } },
        ],
      };
      for (let i = 0; i < 3; i++) {
        const run = await app.run({ workflow, input: token });
        expect(run.status, run.error?.message).toBe('ok');
        expect(run.output).toMatchObject({ sub: 'u1' });
      }
      expect(fetched).toEqual(['https://auth.example.com/.well-known/jwks.json']);
    } finally {
      await app.stop();
    }
  });

  it('is a located problem when no http service is installed', () => {
    const problems = engine.validate({
      nodes: [{ id: 'v', op: 'jwt.verify', config: { token: 't', jwksUrl: 'https://auth.example.com/jwks' } }],
      edges: [],
    });
    expect(problems).toEqual([expect.objectContaining({ path: 'nodes[0].config.jwksUrl', message: expect.stringContaining('http mod') })]);
  });
});

describe('hostile input to the JWT ops', () => {
  it('gives a value or a node error, never a crash', async () => {
    for (const value of HOSTILE_VALUES) {
      await refusedOrOk('jwt.verify', { token: value, key: SECRET });
      await refusedOrOk('jwt.verify', { token: 'a.b.c', key: value });
      await refusedOrOk('jwt.sign', { payload: { v: value }, key: SECRET });
      await refusedOrOk('jwt.sign', { payload: value, key: SECRET });
    }
  });
});
