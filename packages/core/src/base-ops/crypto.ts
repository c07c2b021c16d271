import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { bytesFrom, bytesTo } from './encoding-bytes.ts';

const Algorithm = z.enum(['sha256', 'sha384', 'sha512']).default('sha256').describe('sha256, sha384 or sha512.');
const Output = z.enum(['hex', 'base64', 'base64url']).default('hex').describe('How the bytes are written: hex, base64 or base64url.');
const From = z.enum(['text', 'hex', 'base64']).default('text').describe('What `value` is: text (hashed as UTF-8), or bytes as hex or base64.');
const KeyEncoding = z
  .enum(['text', 'hex', 'base64'])
  .default('text')
  .describe('How the key is written: text (its UTF-8 bytes, as GitHub and Stripe use the secret), or bytes as hex or base64.');

const valuePort = { schema: z.string(), description: 'What to hash or sign: for a webhook, the request body exactly as it arrived.' };
const keyPort = {
  schema: z.string().min(1),
  description: 'The shared secret; give it as `{ "$secret": "name" }` so it stays out of the workflow and the run history.',
};

function mac(algorithm: string, key: Buffer, value: Buffer): Buffer {
  return createHmac(algorithm, key).update(value).digest();
}

export const cryptoHash = defineOp({
  name: 'crypto.hash',
  title: 'Hash',
  category: 'crypto',
  keywords: ['sha256', 'sha512', 'digest', 'checksum', 'fingerprint'],
  description: 'The SHA-2 digest of a value: a fingerprint that changes with any change to it. For passwords, use a slow password hash instead.',
  // A digest or a signature recovers nothing of what it was made from, so a secret's may show.
  declassifies: true,
  config: z.object({ algorithm: Algorithm, encoding: Output, from: From }),
  inputs: { value: valuePort },
  outputs: { digest: { schema: z.string(), description: 'The digest.' } },
  examples: [
    { title: 'SHA-256 in hex', inputs: { value: 'hello' }, outputs: { digest: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' } },
    {
      title: 'SHA-512 in base64',
      config: { algorithm: 'sha512', encoding: 'base64' },
      inputs: { value: '' },
      outputs: { digest: 'z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==' },
    },
  ],
  run: (inputs, ctx) => ({
    digest: bytesTo(
      createHash(ctx.config.algorithm)
        .update(bytesFrom(inputs.value, ctx.config.from, 'value'))
        .digest(),
      ctx.config.encoding,
      'digest',
    ),
  }),
});

export const cryptoHmac = defineOp({
  name: 'crypto.hmac',
  title: 'HMAC sign',
  category: 'crypto',
  keywords: ['sign', 'signature', 'sha256', 'webhook', 'mac'],
  description:
    'Signs a value with a shared secret (HMAC-SHA-2), as webhook senders sign their requests: whoever knows the key can check the value came from a key holder, unchanged.',
  // A digest or a signature recovers nothing of what it was made from, so a secret's may show.
  declassifies: true,
  config: z.object({ algorithm: Algorithm, encoding: Output, keyEncoding: KeyEncoding }),
  inputs: { value: valuePort, key: keyPort },
  outputs: { signature: { schema: z.string(), description: 'The signature.' } },
  examples: [
    {
      title: 'A GitHub-style signature',
      inputs: { value: 'Hello, World!', key: "It's a Secret to Everybody" },
      outputs: { signature: '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
    },
    {
      title: 'In base64, with a base64 key',
      config: { encoding: 'base64', keyEncoding: 'base64' },
      inputs: { value: '{"id":1}', key: 'c2VjcmV0' },
      outputs: { signature: 'A971iWIMgT8Zj9A9eWfikrFj7wQ16/Qwcc4OlRl2PLc=' },
    },
  ],
  run: (inputs, ctx) => {
    const { algorithm, encoding, keyEncoding } = ctx.config;
    const signature = mac(algorithm, bytesFrom(inputs.key, keyEncoding, 'key'), bytesFrom(inputs.value, 'text', 'value'));
    return { signature: bytesTo(signature, encoding, 'signature') };
  },
});

/** Reads the signature a sender gave; anything malformed is simply not the right signature. */
function givenBytes(signature: string, algorithm: string, encoding: 'hex' | 'base64' | 'base64url'): Buffer | undefined {
  let text = signature.trim();
  // GitHub sends `sha256=<hex>`; the label names the algorithm, not part of the signature.
  if (text.toLowerCase().startsWith(`${algorithm}=`)) text = text.slice(algorithm.length + 1);
  try {
    return bytesFrom(encoding === 'hex' ? text.toLowerCase() : text, encoding, 'signature');
  } catch {
    return undefined;
  }
}

export const cryptoVerifyHmac = defineOp({
  name: 'crypto.verifyHmac',
  title: 'HMAC verify',
  category: 'crypto',
  keywords: ['webhook', 'signature', 'verify', 'github', 'stripe', 'shopify', 'timing safe'],
  description:
    "Checks a webhook's signature: signs `value` with `key` and compares it with `signature` in constant time, so the comparison leaks nothing of the right answer. A `sha256=` label before the signature (GitHub's `X-Hub-Signature-256`) is read past. `valid` is false for a wrong, malformed or empty signature; wire it to `flow.branch` to refuse the request. Stripe signs `<t>.<body>` and sends the signature as `v1=` in `Stripe-Signature`: build that text and pick that value first.",
  // Whether a signature matches tells nothing of the key it was checked with.
  declassifies: true,
  config: z.object({
    algorithm: Algorithm,
    encoding: z
      .enum(['hex', 'base64', 'base64url'])
      .default('hex')
      .describe('How the sender writes the signature: hex (GitHub, Stripe) or base64 (Shopify).'),
    keyEncoding: KeyEncoding,
  }),
  inputs: {
    value: valuePort,
    key: keyPort,
    signature: { schema: z.string(), description: 'The signature the sender gave, as its header holds it: `sha256=757107…` or the bare digest.' },
  },
  outputs: { valid: { schema: z.boolean(), description: 'Whether the signature is the right one for the value and key.' } },
  examples: [
    {
      title: 'A GitHub delivery',
      inputs: {
        value: 'Hello, World!',
        key: "It's a Secret to Everybody",
        signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      },
      outputs: { valid: true },
    },
    {
      title: 'A changed body',
      inputs: {
        value: 'Hello, World?',
        key: "It's a Secret to Everybody",
        signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      },
      outputs: { valid: false },
    },
  ],
  run: (inputs, ctx) => {
    const { algorithm, encoding, keyEncoding } = ctx.config;
    const expected = mac(algorithm, bytesFrom(inputs.key, keyEncoding, 'key'), bytesFrom(inputs.value, 'text', 'value'));
    const given = givenBytes(inputs.signature, algorithm, encoding);
    // The length of a digest is public (it follows from the algorithm), so only equal lengths are compared.
    return { valid: given !== undefined && given.length === expected.length && timingSafeEqual(given, expected) };
  },
});

export const cryptoRandomBytes = defineOp({
  name: 'crypto.randomBytes',
  title: 'Random bytes',
  category: 'crypto',
  keywords: ['token', 'nonce', 'secret', 'random', 'secure'],
  description: 'Bytes from the system’s secure random source: for tokens, nonces and keys that nobody can guess.',
  config: z.object({
    length: z.number().int().min(1).max(1024).default(32).describe('How many bytes (1 to 1,024); 32 is plenty for a token.'),
    encoding: Output,
  }),
  inputs: { after: { kind: 'control', description: 'Wire to draw the bytes only after another node.' } },
  outputs: { value: { schema: z.string(), description: 'The bytes, written in `encoding`.' } },
  examples: [{ title: 'A token for a link' }, { title: 'A 16-byte nonce in base64url', config: { length: 16, encoding: 'base64url' } }],
  run: (_inputs, ctx) => ({ value: bytesTo(randomBytes(ctx.config.length), ctx.config.encoding, 'value') }),
});
