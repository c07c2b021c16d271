import fc from 'fast-check';

/** The admin token of the fuzzed server. */
export const TOKEN = 'fuzz-admin-token-0123456789abcdef';
export const runs = (n: number) => ({ numRuns: n, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) });

/** Strings a careless parser trips on: lone surrogates, NUL, bidi and zero-width marks, emoji, long runs. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\udfff\ud800',
    '\u202e\u2066evil',
    '\u200b\ufeff',
    '👩‍👩‍👧‍👦',
    'e\u0301',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '%00',
    "'; DROP TABLE runs; --",
    `\${process.exit()}`,
    '{{7*7}}',
    '<script>alert(1)</script>',
    'a'.repeat(10_000),
  ),
);

/** The fitting body with one value deep inside it replaced by a value nested `depth` levels. */
export function nestDeep(text: string, depth: number): string {
  for (const leaf of ['null', '{}', '[]', '0']) {
    const at = text.lastIndexOf(leaf);
    if (at >= 0) return `${text.slice(0, at)}${deepObject(depth)}${text.slice(at + leaf.length)}`;
  }
  return text.startsWith('{') ? `{"deep":${deepObject(depth)},${text.slice(1)}` : deepArray(depth);
}

export const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
export const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
export const deepValue = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

export const jsonish = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map(deepValue) },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e308, -1e-308, 2 ** 53 + 1) },
);

// ---------------------------------------------------------------------------------------------
