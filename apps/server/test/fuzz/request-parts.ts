import fc from 'fast-check';
import { deepArray, deepObject, jsonish, nastyString, nestDeep, TOKEN } from './values.ts';

/** What the seeding made that requests may name: the blob's id, once uploaded. */
export const seeded = { blobId: 'none' };

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** A path segment as it would arrive on the wire: encoded, double-encoded, broken, or traversing. */
export const segment = fc.oneof(
  { weight: 3, arbitrary: nastyString.map((s) => percentEncode(s)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 24 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '..',
      '.',
      '..%2F..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '%252e%252e%252fetc%252fpasswd',
      '..%5c..%5cwindows',
      '....%2F%2F',
      '%c0%ae%c0%ae%2f',
      '%',
      '%zz',
      '%E0%A4%A',
      '%00',
      '%ff%fe',
      'a%2Fb',
      '~',
      '*',
      '@',
      ':x',
      'x'.repeat(4000),
    ),
  },
  { weight: 1, arbitrary: fc.constant(null).map(() => seeded.blobId) },
  { weight: 8, arbitrary: fc.constantFrom('hello', 'fuzz.seed', 'fuzz', 'doc-1', 'Order', 'o-1', 'pkg', '1.0.0', 'latest', '1', '0', '-1', '1e3') },
);

function percentEncode(text: string): string {
  // Lone surrogates cannot be URI-encoded; send their UTF-8 replacement bytes as a browser would.
  return encodeURIComponent(text.toWellFormed());
}

export const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'limit',
          'cursor',
          'status',
          'workflowId',
          'where',
          'orderBy',
          'order',
          'after',
          'types',
          'tag',
          'direction',
          'from',
          'to',
          'prefix',
          'consumer',
          'aggregateType',
          'correlationId',
          'asOfVersion',
          'q',
          'next',
        ),
        segment,
      ),
      fc.oneof(
        segment,
        fc.constantFrom(
          '0',
          '-1',
          '1.5',
          '999999999999999999999',
          'NaN',
          'asc',
          'desc',
          'running',
          'a:b',
          ':',
          '{"a":1}',
          '{"a":{"$gt":1}}',
          '[]',
          'null',
          'forward',
        ),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

/** A body: a fitting one, arbitrary JSON, broken JSON, deep, huge, or bytes that are not UTF-8. */
export const body = (fitting: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 4, arbitrary: fitting },
    { weight: 1, arbitrary: fc.tuple(fitting, fc.integer({ min: 200, max: 50_000 })).map(([text, depth]) => nestDeep(text, depth)) },
    { weight: 3, arbitrary: jsonish.map((v) => JSON.stringify(v)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '{',
        '{"a":',
        '[1,]',
        'nul',
        'NaN',
        "{'a':1}",
        '\u0000',
        '\ufeff{}',
        '{"a":1}{"b":2}',
        '"\\ud800"',
        '{"__proto__":{"polluted":true}}',
        '1e999999',
        ' ',
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 60_000 }).map((d) => (d % 2 ? deepArray(d) : deepObject(d))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );

export const HUGE = `{"a":"${'x'.repeat(1_200_000)}"}`;

export const headers = fc
  .record(
    {
      auth: fc.oneof(
        { weight: 8, arbitrary: fc.constant(`Bearer ${TOKEN}`) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '',
            'Bearer',
            'Bearer ',
            `bearer ${TOKEN}`,
            'Basic YWRtaW46YWRtaW4=',
            `Bearer ${TOKEN}x`,
            `Bearer ${'a'.repeat(5000)}`,
          ),
        },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
      cookie: fc.constantFrom('pattern_session=99999999999999.abc', 'pattern_session=', 'pattern_session=1.', 'a=b; pattern_session=-1.x', '='),
      type: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-16',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'multipart/form-data',
        'text/html',
        'image/svg+xml',
        'application/octet-stream',
        '*/*',
        ';;;',
      ),
      accept: fc.constantFrom('application/json', 'text/html', '*/*', 'text/event-stream'),
      ifMatch: fc.constantFrom('1', 'W/"2"', '"0"', '-1', 'abc', '*', '1.5', '99999999999999999999'),
      range: fc.constantFrom(
        'bytes=0-1',
        'bytes=-5',
        'bytes=5-',
        'bytes=9999999-',
        'bytes=1-0',
        'bytes=0-0,2-3',
        'items=0-1',
        'bytes=-0',
        'bytes=abc',
      ),
      ifNoneMatch: fc.constantFrom('*', '"x"', 'W/"y", "z"'),
      origin: fc.constantFrom('http://evil.example', 'null', 'not a url'),
      forwarded: fc.constantFrom('evil.example', '', 'a'.repeat(300)),
      proto: fc.constantFrom('https', 'gopher'),
      trigger: fc.constantFrom('editor', 'api', 'x'),
    },
    { requiredKeys: ['auth', 'type'] },
  )
  .map((h) => {
    const out: Record<string, string> = { 'content-type': h.type };
    if (h.auth !== undefined) out.authorization = h.auth;
    if (h.cookie) out.cookie = h.cookie;
    if (h.accept) out.accept = h.accept;
    if (h.ifMatch) out['if-match'] = h.ifMatch;
    if (h.range) out.range = h.range;
    if (h.ifNoneMatch) out['if-none-match'] = h.ifNoneMatch;
    if (h.origin) out.origin = h.origin;
    if (h.forwarded !== undefined) out['x-forwarded-host'] = h.forwarded;
    if (h.proto) out['x-forwarded-proto'] = h.proto;
    if (h.trigger) out['x-pattern-trigger'] = h.trigger;
    return out;
  });
