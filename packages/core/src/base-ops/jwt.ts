import { SignJWT, jwtVerify as verifyJwt } from 'jose';
import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { JsonObjectSchema } from '../json/object-schema.ts';
import { ConfigProblem } from '../ops/config-problem.ts';
import { defineOp } from '../ops/define-op.ts';
import { JwtAlgorithmSchema, refusal, signingKey, verifyingKey } from './jwt-keys.ts';
import { remoteKeySet } from './jwt-remote.ts';

/** A span as jose reads it, kept to the compact form: `90s`, `15m`, `12h`, `7d`, `2w`. */
const Span = z.union([
  z
    .number()
    .int()
    .min(1)
    .max(100 * 365 * 86_400),
  z.string().regex(/^\d{1,9}[smhdw]$/, 'a span like "90s", "15m", "12h", "7d" or "2w", or a number of seconds'),
]);
const Audience = z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(100)]);
const MAX_TOKEN = 64 * 1024;

const keyPort = {
  schema: z.string().min(1),
  description:
    'A shared secret (HS*), or a PEM key or JWK as text; give it as `{ "$secret": "name" }` so it stays out of the workflow and the run history.',
};

export const jwtSign = defineOp({
  name: 'jwt.sign',
  title: 'Sign JWT',
  category: 'auth',
  keywords: ['json web token', 'token', 'bearer', 'auth', 'hs256', 'rs256', 'es256'],
  description:
    'Signs a JSON Web Token: HS256/384/512 with a shared secret (use at least 32 random bytes), RS256, PS256, ES256, ES384 or EdDSA with a PEM private key (PKCS#8, PKCS#1 or SEC1) or a private JWK. Sets `iat`, and `exp`, `iss`, `aud` and `sub` when given. A key that cannot be read, or does not suit the algorithm, fails with `invalid_key`.',
  config: z.object({
    algorithm: JwtAlgorithmSchema.default('HS256').describe('The signature algorithm.'),
    expiresIn: Span.optional().describe('How long the token is valid: "15m", "12h", "7d", or seconds.'),
    issuer: z.string().min(1).optional().describe('The `iss` claim: who issued the token.'),
    audience: Audience.optional().describe('The `aud` claim: who the token is for.'),
    subject: z.string().min(1).optional().describe('The `sub` claim: whom the token is about.'),
    keyId: z.string().min(1).max(256).optional().describe('The `kid` header, so a verifier with a key set picks the right key.'),
    issuedAt: z.boolean().default(true).describe('Set `iat` to now.'),
  }),
  inputs: { payload: { schema: JsonObjectSchema, description: 'The claims: `{ "sub": "user_1", "role": "admin" }`.' }, key: keyPort },
  outputs: { token: { schema: z.string(), description: 'The token: three base64url parts joined by dots.' } },
  examples: [
    {
      title: 'HS256 with a shared secret',
      config: { issuedAt: false },
      inputs: { payload: { sub: 'user_1', role: 'admin' }, key: 'a-shared-secret-of-at-least-32-bytes!' },
      outputs: {
        token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzEiLCJyb2xlIjoiYWRtaW4ifQ.VqG7MiukKZgqLN8ScwQGPKyqv6oJEeIAg7B3zCXlL3Q',
      },
    },
    {
      title: 'Valid for 15 minutes, for one audience',
      config: { expiresIn: '15m', audience: 'api', issuer: 'https://auth.example.com' },
      inputs: { payload: { sub: 'user_1' }, key: 'a-shared-secret-of-at-least-32-bytes!' },
    },
  ],
  run: async (inputs, ctx) => {
    const { algorithm, expiresIn, issuer, audience, subject, keyId, issuedAt } = ctx.config;
    const key = signingKey(inputs.key);
    const jwt = new SignJWT(inputs.payload).setProtectedHeader({ alg: algorithm, typ: 'JWT', ...(keyId ? { kid: keyId } : {}) });
    if (issuedAt) jwt.setIssuedAt();
    if (expiresIn !== undefined) jwt.setExpirationTime(typeof expiresIn === 'number' ? `${expiresIn}s` : expiresIn);
    if (issuer) jwt.setIssuer(issuer);
    if (audience) jwt.setAudience(audience);
    if (subject) jwt.setSubject(subject);
    try {
      return { token: await jwt.sign(key) };
    } catch (error) {
      throw new PatternError('invalid_key', `The key does not suit ${algorithm}: ${(error as Error).message}.`, { field: 'key' });
    }
  },
});

const VerifyConfig = z.object({
  algorithms: z.array(JwtAlgorithmSchema).min(1).default(['HS256']).describe('The algorithms a token may use; anything else is refused.'),
  issuer: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe('The `iss` the token must have (or one of these).'),
  audience: Audience.optional().describe('The `aud` the token must name (or one of these).'),
  subject: z.string().min(1).optional().describe('The `sub` the token must have.'),
  clockTolerance: z.number().int().min(0).max(3600).default(0).describe('Seconds of clock difference forgiven on `exp` and `nbf`.'),
  requireExpiry: z.boolean().default(true).describe('Refuse tokens without an `exp`: tokens that never expire are rarely meant.'),
  jwksUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional()
    .describe('Fetch the keys from this JWK set URL instead of `key` (needs the http mod; obeys its address rules).'),
});

export const jwtVerify = defineOp({
  name: 'jwt.verify',
  title: 'Verify JWT',
  category: 'auth',
  keywords: ['json web token', 'token', 'bearer', 'auth', 'jwks', 'oidc', 'decode'],
  description:
    'Checks a JSON Web Token: its signature with `key` (a shared secret, a PEM public key or certificate, a JWK or JWK set as JSON) or with the keys at `jwksUrl`, then its expiry, `nbf`, issuer and audience. A bad token is not an error: `ok` is false and `reason` says why (malformed, bad_signature, expired, not_yet_valid, claim_mismatch, claim_missing, algorithm_not_allowed, key_mismatch, no_matching_key, key_set_unavailable), and only `ok`, `reason` and `message` are emitted; a good one emits `ok`, `payload` and `header`.',
  config: VerifyConfig,
  // The claims come from the token, never from the key that checks it.
  declassifies: ['key'],
  inputs: {
    token: { schema: z.string(), description: 'The token, without a `Bearer ` prefix.' },
    key: { ...keyPort, schema: keyPort.schema.optional() },
  },
  outputs: {
    ok: { schema: z.boolean(), description: 'Whether the token is valid.' },
    payload: { schema: JsonObjectSchema, description: 'The claims, when valid.' },
    header: { schema: JsonObjectSchema, description: 'The protected header (`alg`, `kid`, …), when valid.' },
    reason: { schema: z.string(), description: 'Why the token was refused, as a short code.' },
    message: { schema: z.string(), description: 'Why the token was refused, in a sentence.' },
  },
  examples: [
    {
      title: 'A valid token',
      inputs: {
        token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzEiLCJleHAiOjQxMDI0NDQ4MDB9.kQ34Gz4do4kqlc4Wt37Dy6TWIhQbScBN8vZrrrZOZ_4',
        key: 'a-shared-secret-of-at-least-32-bytes!',
      },
      outputs: { ok: true, payload: { sub: 'user_1', exp: 4102444800 }, header: { alg: 'HS256', typ: 'JWT' } },
    },
    {
      title: 'An expired token',
      inputs: {
        token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzEiLCJleHAiOjE2MDk0NTkyMDB9._GFmLJYoytS6pCy7OVjtNzfpHV1dWzzkXbWG7YO_UPg',
        key: 'a-shared-secret-of-at-least-32-bytes!',
      },
      outputs: { ok: false, reason: 'expired', message: 'The token has expired.' },
    },
    {
      title: 'The wrong key',
      inputs: {
        token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzEiLCJleHAiOjQxMDI0NDQ4MDB9.kQ34Gz4do4kqlc4Wt37Dy6TWIhQbScBN8vZrrrZOZ_4',
        key: 'another-secret',
      },
      outputs: { ok: false, reason: 'bad_signature', message: 'The signature does not match: the token was changed, or signed with another key.' },
    },
  ],
  prepare: (config, env) => {
    if (config.jwksUrl === undefined) return undefined;
    if (!env.services.has('http'))
      throw new ConfigProblem(['jwksUrl'], 'Fetching a key set needs the http mod; install it, or give the keys as JSON in `key`.');
    return remoteKeySet(new URL(config.jwksUrl), env.services);
  },
  run: async (inputs, ctx) => {
    const { algorithms, issuer, audience, subject, clockTolerance, requireExpiry } = ctx.config;
    const key = ctx.prepared ?? (inputs.key === undefined ? undefined : verifyingKey(inputs.key));
    if (key === undefined) throw new PatternError('missing_input', 'jwt.verify needs a `key`, or a `jwksUrl` to fetch keys from.', { field: 'key' });
    if (inputs.token.length > MAX_TOKEN) return { ok: false, reason: 'malformed', message: 'The token is longer than 64 KiB.' };
    try {
      const options = { algorithms, issuer, audience, subject, clockTolerance, requiredClaims: requireExpiry ? ['exp'] : [] };
      const verified = typeof key === 'function' ? await verifyJwt(inputs.token, key, options) : await verifyJwt(inputs.token, key, options);
      return {
        ok: true,
        payload: verified.payload as Record<string, unknown>,
        header: verified.protectedHeader as Record<string, unknown>,
      };
    } catch (error) {
      return { ok: false, ...refusal(error) };
    }
  },
});
