import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/index.ts';
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

const text = fc.string({ unit: 'binary', maxLength: 300 });
const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 64 });
const algorithm = fc.constantFrom('sha256', 'sha384', 'sha512');

describe('crypto.hash', () => {
  it('agrees with node:crypto for every algorithm and encoding', async () => {
    await fc.assert(
      fc.asyncProperty(text, algorithm, fc.constantFrom('hex', 'base64', 'base64url'), async (value, algorithm, encoding) => {
        const { digest } = await output('crypto.hash', { value }, { algorithm, encoding });
        expect(digest).toBe(
          createHash(algorithm)
            .update(value, 'utf8')
            .digest(encoding as 'hex'),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('hashes bytes given as hex', async () => {
    expect((await output('crypto.hash', { value: '00ff' }, { from: 'hex' })).digest).toBe(
      createHash('sha256')
        .update(Buffer.from([0, 255]))
        .digest('hex'),
    );
  });
});

describe('crypto.hmac and crypto.verifyHmac', () => {
  it('verify what they sign, bare or with the algorithm label, and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(text, key, algorithm, fc.constantFrom('hex', 'base64', 'base64url'), async (value, key, algorithm, encoding) => {
        const { signature } = await output('crypto.hmac', { value, key }, { algorithm, encoding });
        expect(signature).toBe(
          createHmac(algorithm, key)
            .update(value)
            .digest(encoding as 'hex'),
        );
        const config = { algorithm, encoding };
        expect((await output('crypto.verifyHmac', { value, key, signature }, config)).valid).toBe(true);
        expect((await output('crypto.verifyHmac', { value, key, signature: `${algorithm}=${signature}` }, config)).valid).toBe(true);
        expect((await output('crypto.verifyHmac', { value: `${value}.`, key, signature }, config)).valid).toBe(false);
        expect((await output('crypto.verifyHmac', { value, key: `${key}x`, signature }, config)).valid).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('checks a GitHub delivery as GitHub documents it, in either hex case', async () => {
    const key = "It's a Secret to Everybody";
    const signature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect((await output('crypto.verifyHmac', { value: 'Hello, World!', key, signature })).valid).toBe(true);
    expect((await output('crypto.verifyHmac', { value: 'Hello, World!', key, signature: signature.toUpperCase() })).valid).toBe(true);
  });

  it('reads a key given as hex or base64', async () => {
    const bytes = Buffer.from('000102ff', 'hex');
    const expected = createHmac('sha256', bytes).update('m').digest('hex');
    expect((await output('crypto.hmac', { value: 'm', key: '000102ff' }, { keyEncoding: 'hex' })).signature).toBe(expected);
    expect((await output('crypto.hmac', { value: 'm', key: bytes.toString('base64') }, { keyEncoding: 'base64' })).signature).toBe(expected);
  });

  it('says false, never fails, for signatures that are wrong in shape', async () => {
    const value = 'body';
    const key = 'k';
    const right = createHmac('sha256', key).update(value).digest('hex');
    const wrong = [
      '',
      'sha256=',
      `sha512=${right}`,
      right.slice(0, -2),
      `${right}00`,
      `${right.slice(0, -1)}g`,
      'x'.repeat(1_000_000),
      '\ud800',
      `sha256=${right}\u0000`,
    ];
    for (const signature of wrong) expect((await output('crypto.verifyHmac', { value, key, signature })).valid, signature.slice(0, 40)).toBe(false);
  });

  it('refuses an empty key, and text with a lone surrogate, rather than sign something else', async () => {
    expect((await failure('crypto.hmac', { value: 'x', key: '' })).code).toBe('validation_failed');
    expect(await failure('crypto.hmac', { value: 'a\udc00', key: 'k' })).toMatchObject({ code: 'invalid_text', details: { field: 'value' } });
    expect((await failure('crypto.hmac', { value: 'x', key: 'zz' }, { keyEncoding: 'hex' })).code).toBe('invalid_encoding');
  });
});

describe('crypto.randomBytes', () => {
  it('draws the length asked, different each time, within bounds', async () => {
    const a = await output('crypto.randomBytes', {}, { length: 16 });
    const b = await output('crypto.randomBytes', {}, { length: 16 });
    expect(a.value).toMatch(/^[0-9a-f]{32}$/);
    expect(a.value).not.toBe(b.value);
    expect((await output('crypto.randomBytes', {}, { length: 1024, encoding: 'base64url' })).value).toHaveLength(1366);
    for (const length of [0, 1025, 1e9, 1.5, -1]) expect((await failure('crypto.randomBytes', {}, { length })).code).toBe('validation_failed');
  });
});

describe('hostile input to the crypto ops', () => {
  it('gives a value or a node error, never a crash', async () => {
    for (const value of HOSTILE_VALUES) {
      await refusedOrOk('crypto.hash', { value });
      await refusedOrOk('crypto.hmac', { value, key: 'k' });
      await refusedOrOk('crypto.hmac', { value: 'v', key: value });
      await refusedOrOk('crypto.verifyHmac', { value, key: 'k', signature: value });
    }
  });
});
