import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/index.ts';
import { startedEngine } from './helpers.ts';
import { HOSTILE_STRINGS, HOSTILE_VALUES, invoker } from './ops-invoke-helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await startedEngine();
});
afterAll(async () => {
  await engine.stop();
});

const { output, failure, refusedOrOk } = invoker(() => engine);

const text = fc.string({ unit: 'binary', maxLength: 200 });
const hex = fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('hex'));

describe('base64', () => {
  it('decodes what it encodes, text and bytes, in both alphabets', async () => {
    await fc.assert(
      fc.asyncProperty(text, hex, fc.constantFrom('standard', 'url'), async (value, bytes, alphabet) => {
        const encoded = await output('base64.encode', { value }, { alphabet });
        expect((await output('base64.decode', { text: encoded.text }, { alphabet })).value).toBe(value);
        const fromHex = await output('base64.encode', { value: bytes }, { alphabet, from: 'hex' });
        expect((await output('base64.decode', { text: fromHex.text }, { alphabet, to: 'hex' })).value).toBe(bytes);
        expect(fromHex.text).toBe(Buffer.from(bytes, 'hex').toString(alphabet === 'url' ? 'base64url' : 'base64'));
      }),
      { numRuns: 100 },
    );
  });

  it('reads base64 with or without padding, across line breaks', async () => {
    expect((await output('base64.decode', { text: 'SGk' })).value).toBe('Hi');
    expect((await output('base64.decode', { text: 'SGk=' })).value).toBe('Hi');
    expect((await output('base64.decode', { text: 'SGVs\r\nbG8=' })).value).toBe('Hello');
  });

  it('fails with invalid_encoding on anything outside the alphabet, and invalid_utf8 on bytes that are not text', async () => {
    for (const bad of ['SGk!', 'S', 'SGk==x', 'SG=k', '-_8']) {
      expect((await failure('base64.decode', { text: bad })).code, bad).toBe('invalid_encoding');
    }
    expect((await failure('base64.decode', { text: 'a+b/' }, { alphabet: 'url' })).code).toBe('invalid_encoding');
    expect((await failure('base64.decode', { text: '/w==' })).code).toBe('invalid_utf8');
    expect((await output('base64.decode', { text: '/w==' }, { to: 'hex' })).value).toBe('ff');
  });

  it('refuses to encode text with a lone surrogate rather than change it', async () => {
    expect(await failure('base64.encode', { value: 'a\ud800b' })).toMatchObject({ code: 'invalid_text', details: { field: 'value' } });
  });
});

describe('hex', () => {
  it('decodes what it encodes', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const encoded = await output('hex.encode', { value });
        expect(encoded.text).toBe(Buffer.from(value, 'utf8').toString('hex'));
        expect((await output('hex.decode', { text: encoded.text })).value).toBe(value);
      }),
      { numRuns: 100 },
    );
  });

  it('reads either case, and refuses odd lengths and other characters', async () => {
    expect((await output('hex.decode', { text: '4164' })).value).toBe('Ad');
    expect((await output('hex.decode', { text: 'DeadBeef' }, { to: 'base64' })).value).toBe('3q2+7w==');
    for (const bad of ['abc', '0g', ' 00', '00\u0000']) expect((await failure('hex.decode', { text: bad })).code, bad).toBe('invalid_encoding');
    expect((await output('hex.encode', { value: '3q2+7w==' }, { from: 'base64' })).text).toBe('deadbeef');
  });
});

describe('hostile input to the encodings', () => {
  it('gives a value or a node error, never a crash', async () => {
    for (const value of HOSTILE_VALUES) {
      await refusedOrOk('base64.encode', { value });
      await refusedOrOk('base64.decode', { text: value });
      await refusedOrOk('hex.encode', { value });
      await refusedOrOk('hex.decode', { text: value });
    }
    for (const value of HOSTILE_STRINGS) {
      await refusedOrOk('base64.decode', { text: value }, { to: 'hex' });
      await refusedOrOk('hex.encode', { value }, { from: 'base64' });
    }
    const mib = 'A'.repeat(1024 * 1024);
    expect(((await output('base64.decode', { text: mib }, { to: 'hex' })).value as string).length).toBe(1024 * 1024 * 1.5);
  });
});
