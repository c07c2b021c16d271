import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { JsonObjectSchema } from '../json/object-schema.ts';
import { defineOp } from '../ops/define-op.ts';
import { utf8 } from './encoding-bytes.ts';
import { objectToParams, paramsToObject } from './query-params.ts';
import { quote } from './time-shared.ts';

function readUrl(text: string, field: string, base?: string): URL {
  try {
    return new URL(text, base);
  } catch {
    throw new PatternError('invalid_url', `The ${field} ${quote(text)} is not a URL${base ? ` (relative to ${quote(base)})` : ''}.`, { field });
  }
}

/** The path without its trailing slashes; a loop, since a regular expression would backtrack over every run of slashes. */
function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end);
}

const PartsSchema = z.object({
  href: z.string(),
  origin: z.string(),
  protocol: z.string(),
  username: z.string(),
  password: z.string(),
  host: z.string(),
  hostname: z.string(),
  port: z.string(),
  pathname: z.string(),
  search: z.string(),
  hash: z.string(),
  query: JsonObjectSchema,
});

export const urlParse = defineOp({
  name: 'url.parse',
  title: 'Parse URL',
  category: 'url',
  keywords: ['link', 'uri', 'href', 'host', 'path', 'split'],
  description:
    'Splits a URL into its parts, as the WHATWG URL standard (and every browser) reads it: the host lowercased, the default port left out, the path with `.` and `..` resolved, and the query as an object (a repeated key as an array). Text that is not a URL fails with `invalid_url`.',
  config: z.object({ base: z.string().optional().describe('Read `url` relative to this URL, as a link on that page would be.') }),
  inputs: { url: { schema: z.string(), description: 'The URL.' } },
  outputs: {
    parts: {
      schema: PartsSchema,
      description: 'href, origin, protocol (with its colon), username, password, host, hostname, port, pathname, search, hash and query.',
    },
  },
  examples: [
    {
      title: 'Every part',
      inputs: { url: 'https://Shop.Example.com:8443/orders/42?tag=a&tag=b#items' },
      outputs: {
        parts: {
          href: 'https://shop.example.com:8443/orders/42?tag=a&tag=b#items',
          origin: 'https://shop.example.com:8443',
          protocol: 'https:',
          host: 'shop.example.com:8443',
          hostname: 'shop.example.com',
          port: '8443',
          pathname: '/orders/42',
          search: '?tag=a&tag=b',
          hash: '#items',
          query: { tag: ['a', 'b'] },
        },
      },
    },
    {
      title: 'A relative link',
      config: { base: 'https://example.com/docs/guide/' },
      inputs: { url: '../api?v=2' },
      outputs: { parts: { href: 'https://example.com/docs/api?v=2', pathname: '/docs/api', query: { v: '2' } } },
    },
  ],
  run: (inputs, ctx) => {
    const base = ctx.config.base === undefined ? undefined : readUrl(ctx.config.base, 'base').href;
    const url = readUrl(inputs.url, 'url', base);
    const { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash } = url;
    return {
      parts: { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash, query: paramsToObject(url.searchParams) },
    };
  },
});

const Segment = z.union([z.string(), z.number()]);

export const urlBuild = defineOp({
  name: 'url.build',
  title: 'Build URL',
  category: 'url',
  keywords: ['link', 'uri', 'href', 'join', 'encode', 'path segments'],
  description:
    "Builds a URL from a base, path segments, query parameters and a fragment. Each segment is percent-encoded, so `a/b` stays one segment and user input cannot climb out of the base's path (`.` and `..` segments fail with `invalid_url`). Parameters are added after the base's own, replacing any of the same key; an array repeats its key, `null` removes it.",
  inputs: {
    base: { schema: z.string(), description: 'The absolute URL to start from, such as `https://api.example.com/v1`.' },
    path: { schema: z.array(Segment).max(1000).optional(), description: 'Segments to append to the path, each encoded: `["users", 42]`.' },
    query: { schema: JsonObjectSchema.optional(), description: 'Parameters to set: `{ "page": 2, "tag": ["a", "b"] }`.' },
    hash: { schema: z.string().optional(), description: 'The fragment, without the `#`.' },
  },
  outputs: { url: { schema: z.string(), description: 'The URL.' } },
  examples: [
    {
      title: 'Segments and parameters',
      inputs: { base: 'https://api.example.com/v1?key=k', path: ['users', 'ada lovelace', 42], query: { fields: ['name', 'email'] } },
      outputs: { url: 'https://api.example.com/v1/users/ada%20lovelace/42?key=k&fields=name&fields=email' },
    },
    {
      title: 'A slash stays inside its segment',
      inputs: { base: 'https://files.example.com/', path: ['a/../b'], hash: 'top' },
      outputs: { url: 'https://files.example.com/a%2F..%2Fb#top' },
    },
  ],
  run: (inputs) => {
    const url = readUrl(inputs.base, 'base');
    if (inputs.path && inputs.path.length > 0) {
      const segments = inputs.path.map((segment, i) => {
        const text = String(segment);
        if (text === '.' || text === '..')
          throw new PatternError('invalid_url', `The path segment ${quote(text)} would move out of the base path.`, { field: `path[${i}]` });
        utf8(text, `path[${i}]`);
        return encodeURIComponent(text);
      });
      url.pathname = `${trimSlashes(url.pathname)}/${segments.join('/')}`;
    }
    if (inputs.query) {
      for (const [key, value] of Object.entries(inputs.query)) if (value === null) url.searchParams.delete(key);
      const added = objectToParams(inputs.query, 'query');
      for (const key of new Set(added.keys())) url.searchParams.delete(key);
      for (const [key, value] of added) url.searchParams.append(key, value);
    }
    if (inputs.hash !== undefined) {
      utf8(inputs.hash, 'hash');
      url.hash = inputs.hash;
    }
    return { url: url.href };
  },
});
