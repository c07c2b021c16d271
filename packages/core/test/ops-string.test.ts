import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOSTILE_TEXT, invoke, outputOf, runWired, useEngine } from './ops-harness.ts';

const engine = useEngine();
const text = () => fc.string({ unit: 'binary', maxLength: 40 });
const PROPERTY_RUNS = { numRuns: 60 };

describe('string case and trimming', () => {
  it('lower, upper and trim agree with the language for any text, lone surrogates included', async () => {
    for (const t of [...HOSTILE_TEXT, 'ÉCOLE', 'straße']) {
      expect((await outputOf(engine(), 'string.lower', { text: t })).text).toBe(t.toLowerCase());
      expect((await outputOf(engine(), 'string.upper', { text: t })).text).toBe(t.toUpperCase());
      expect((await outputOf(engine(), 'string.trim', { text: t }, { mode: 'end' })).text).toBe(t.trimEnd());
    }
  });

  it('pads by code points and refuses a result beyond the text limit', async () => {
    expect((await outputOf(engine(), 'string.pad', { text: '😀', length: 3, fill: 'ab' })).text).toBe('ab😀');
    expect((await outputOf(engine(), 'string.pad', { text: 'x', length: 4, fill: '😀' }, { side: 'end' })).text).toBe('x😀😀😀');
    expect((await outputOf(engine(), 'string.pad', { text: 'long enough', length: 3 })).text).toBe('long enough');
    const huge = await runWired(engine(), 'string.pad', { text: 'x', length: 1e9 });
    expect(huge.error?.code).toBe('too_large');
    const empty = await runWired(engine(), 'string.pad', { text: 'x', length: 3, fill: '' });
    expect(empty.error?.code).toBe('invalid_input');
  });

  it('pad reaches the length and keeps the text, for any text and fill', async () => {
    await fc.assert(
      fc.asyncProperty(text(), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), fc.nat(30), async (t, fill, length) => {
        const { text: padded } = (await outputOf(engine(), 'string.pad', { text: t, length, fill })) as { text: string };
        expect([...padded].length).toBe(Math.max(length, [...t].length));
        expect(padded.endsWith(t)).toBe(true);
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('string.slugify', () => {
  it('makes URL-safe slugs of any text, and a slug of a slug is itself', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), async (t) => {
        const { slug } = (await outputOf(engine(), 'string.slugify', { text: t })) as { slug: string };
        expect(slug).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/);
        expect((await outputOf(engine(), 'string.slugify', { text: slug })).slug).toBe(slug);
      }),
      PROPERTY_RUNS,
    );
  });

  it('slugifies a megabyte of mixed text in one pass', async () => {
    const chunk = 'Ünïcödé — ß 😀 \u0000\uD800 a-b_c ';
    const out = await outputOf(engine(), 'string.slugify', { text: chunk.repeat(Math.floor((1024 * 1024) / chunk.length)) }, { maxLength: 40 });
    expect(out.slug).toBe('unicode-ss-a-b-c-unicode-ss-a-b-c');
  });

  it('drops accents, spells out ligatures, and cuts at a word end', async () => {
    expect((await outputOf(engine(), 'string.slugify', { text: 'Ærøskøbing Straße — Łódź' })).slug).toBe('aeroskobing-strasse-lodz');
    expect((await outputOf(engine(), 'string.slugify', { text: 'hello wonderful world' }, { maxLength: 13 })).slug).toBe('hello');
    expect((await outputOf(engine(), 'string.slugify', { text: 'hello wonderful world' }, { maxLength: 15 })).slug).toBe('hello-wonderful');
    expect((await outputOf(engine(), 'string.slugify', { text: 'hello wonderful world' }, { maxLength: 16 })).slug).toBe('hello-wonderful');
    expect((await outputOf(engine(), 'string.slugify', { text: 'incomprehensibilities' }, { maxLength: 6 })).slug).toBe('incomp');
    expect((await outputOf(engine(), 'string.slugify', { text: '\u0000\uD800😀' })).slug).toBe('');
    const bad = engine().validate({ nodes: [{ id: 's', op: 'string.slugify', config: { separator: '/', text: 'a' } }], edges: [] });
    expect(bad.map((p) => p.path)).toEqual(['nodes[0].config.separator']);
  });
});

describe('string.split, join, slice and length', () => {
  it('split then join gives the text back, for any text and separator', async () => {
    await fc.assert(
      fc.asyncProperty(text(), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), async (t, separator) => {
        const { items } = (await outputOf(engine(), 'string.split', { text: t, separator })) as { items: string[] };
        expect(items).toEqual(t.split(separator));
        expect((await outputOf(engine(), 'string.join', { items, separator })).text).toBe(t);
      }),
      PROPERTY_RUNS,
    );
  });

  it('a limit caps the pieces and the last one keeps the rest', async () => {
    await fc.assert(
      fc.asyncProperty(text(), fc.constantFrom(',', '', 'ab'), fc.integer({ min: 1, max: 6 }), async (t, separator, limit) => {
        const { items, count } = (await outputOf(engine(), 'string.split', { text: t, separator, limit })) as { items: string[]; count: number };
        expect(count).toBe(items.length);
        expect(items.length).toBeLessThanOrEqual(limit);
        expect(items.join(separator)).toBe(t);
      }),
      PROPERTY_RUNS,
    );
  });

  it('splits into code points, and refuses more than a million pieces', async () => {
    expect((await outputOf(engine(), 'string.split', { text: 'a😀\uD800b', separator: '' })).items).toEqual(['a', '😀', '\uD800', 'b']);
    const many = await runWired(engine(), 'string.split', { text: 'x'.repeat(1_000_001), separator: '' });
    expect(many.error?.code).toBe('too_large');
    const capped = await outputOf(engine(), 'string.split', { text: 'x'.repeat(1_000_001), separator: '', limit: 3 });
    expect(capped.count).toBe(3);
  });

  it('slice and length count code points like Array.from, negative indexes included', async () => {
    await fc.assert(
      fc.asyncProperty(
        text(),
        fc.integer({ min: -50, max: 50 }),
        fc.option(fc.integer({ min: -50, max: 50 }), { nil: undefined }),
        async (t, start, end) => {
          const points = Array.from(t);
          const inputs = end === undefined ? { text: t, start } : { text: t, start, end };
          expect((await outputOf(engine(), 'string.slice', inputs)).text).toBe(points.slice(start, end).join(''));
          expect(await outputOf(engine(), 'string.length', { text: t })).toEqual({ length: points.length, units: t.length });
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('join refuses objects by type and a result past the text limit', async () => {
    const objects = await runWired(engine(), 'string.join', { items: [{ a: 1 }] });
    expect(objects.error?.code).toBe('invalid_input');
    const huge = await runWired(engine(), 'string.join', { items: Array(20).fill('x'.repeat(1024 * 1024)) });
    expect(huge.error?.code).toBe('too_large');
  });
});

describe('string.includes, startsWith, endsWith', () => {
  it('agree with the language, and with lower-cased text when ignoring case', async () => {
    await fc.assert(
      fc.asyncProperty(text(), fc.string({ unit: 'binary', maxLength: 3 }), fc.boolean(), async (t, search, ignoreCase) => {
        const [x, y] = ignoreCase ? [t.toLowerCase(), search.toLowerCase()] : [t, search];
        expect((await outputOf(engine(), 'string.includes', { text: t, search }, { ignoreCase })).result).toBe(x.includes(y));
        expect((await outputOf(engine(), 'string.startsWith', { text: t, search }, { ignoreCase })).result).toBe(x.startsWith(y));
        expect((await outputOf(engine(), 'string.endsWith', { text: t, search }, { ignoreCase })).result).toBe(x.endsWith(y));
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('string.replace and string.match on RE2', () => {
  it('refuses a constant pattern RE2 does not support when the workflow is checked, located at the pattern', () => {
    for (const [op, pattern] of [
      ['string.replace', 'a(?=b)'],
      ['string.match', '(a)\\1'],
      ['string.match', '(unclosed'],
    ]) {
      const problems = engine().validate({ nodes: [{ id: 'r', op, config: { pattern, text: 'ab' } }], edges: [] });
      expect(problems).toHaveLength(1);
      expect(problems[0]?.path).toBe('nodes[0].config.pattern');
      expect(problems[0]?.message).toContain('RE2');
    }
    const flags = engine().validate({ nodes: [{ id: 'r', op: 'string.match', config: { flags: 'gx', text: 'a', pattern: 'a' } }], edges: [] });
    expect(flags.map((p) => p.path)).toEqual(['nodes[0].config.flags']);
    const long = engine().validate({
      nodes: [{ id: 'r', op: 'string.match', config: { flags: 'im'.repeat(50_000), text: 'a', pattern: 'a' } }],
      edges: [],
    });
    expect(long.map((p) => p.path)).toEqual(['nodes[0].config.flags']);
  });

  it('fails a node with invalid_input when a wired pattern is not RE2', async () => {
    const run = await runWired(engine(), 'string.replace', { text: 'ab', pattern: '(?<=a)b' });
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('invalid_input');
    expect(run.error?.message).toContain('lookbehind');
  });

  it('replaces with $n, $<name>, $& and $$ as String.prototype.replace does', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['2026-03-14', '(\\d+)-(\\d+)-(\\d+)', '$3.$2.$1', '14.03.2026'],
      ['ada lovelace', '(?<first>\\w+) (?<last>\\w+)', '$<last>, $<first>', 'lovelace, ada'],
      ['cost 5', '\\d', '$$$&0', 'cost $50'],
      ['abc', 'b', '[$0$9]', 'a[$0$9]c'],
      ['x', 'x', '$', '$'],
    ];
    for (const [t, pattern, replacement, expected] of cases) {
      expect((await outputOf(engine(), 'string.replace', { text: t, pattern, replacement })).text).toBe(expected);
      expect(t.replace(new RegExp(pattern, 'g'), replacement)).toBe(expected);
    }
    // Unlike JavaScript, the text around the match is not copied in: per match, that would make the result quadratic.
    expect((await outputOf(engine(), 'string.replace', { text: 'abc', pattern: 'b', replacement: "$`$'" })).text).toBe("a$`$'c");
  });

  it('replace agrees with JavaScript on patterns both engines read alike', async () => {
    const pattern = fc.constantFrom('\\d+', '[aeiou]', 'a|b', 'x*', '(\\w)(\\w)', '^a', '\\s+$');
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 30 }),
        pattern,
        fc.constantFrom('', '-', '<$&>', '$1'),
        fc.boolean(),
        async (t, p, replacement, all) => {
          const ours = await outputOf(engine(), 'string.replace', { text: t, pattern: p, replacement }, { all });
          const theirs = t.replace(new RegExp(p, all ? 'g' : ''), replacement);
          expect(ours.text).toBe(theirs);
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('matches with flags, groups, code point indexes and a cap on all matches', async () => {
    const out = await outputOf(engine(), 'string.match', { text: '😀 Ab ab AB', pattern: '(?<x>a)(b)?' }, { flags: 'i', max: 2 });
    expect(out.matched).toBe(true);
    expect(out.index).toBe(2);
    expect(out.groups).toEqual({ x: 'A' });
    expect(out.captures).toEqual(['A', 'b']);
    expect((out.all as unknown[]).length).toBe(2);
    expect((out.all as Array<{ index: number }>).map((m) => m.index)).toEqual([2, 5]);
    const multiline = await outputOf(engine(), 'string.match', { text: 'a\nb', pattern: '^b$' }, { flags: 'm' });
    expect(multiline.match).toBe('b');
    const dotAll = await outputOf(engine(), 'string.match', { text: 'a\nb', pattern: 'a.b' }, { flags: 's' });
    expect(dotAll.matched).toBe(true);
    const unmatchedGroup = await outputOf(engine(), 'string.match', { text: 'a', pattern: 'a(z)?' });
    expect(unmatchedGroup.captures).toEqual([null]);
  });

  it('keeps a __proto__ group name as data', async () => {
    const out = await outputOf(engine(), 'string.match', { text: 'a', pattern: '(?<__proto__>a)' });
    const groups = out.groups as Record<string, unknown>;
    expect(Object.hasOwn(groups, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(groups)).toBe(Object.prototype);
  });

  it('runs a pattern that backtracking engines take exponential time on, over a full-size text', async () => {
    const t = `${'a'.repeat(1024 * 1024 - 1)}!`;
    const run = await runWired(engine(), 'string.match', { text: t, pattern: '(a|aa)*$' });
    expect(run.status).toBe('ok');
    const replaced = await runWired(engine(), 'string.replace', { text: 'a'.repeat(50_000), pattern: '(a*)*b', replacement: 'x' });
    expect(replaced.output.count).toBe(0);
  });

  it('refuses text over 1 Mi units and a result over the text limit', async () => {
    const long = await runWired(engine(), 'string.match', { text: 'a'.repeat(1024 * 1024 + 1), pattern: 'a' });
    expect(long.error?.code).toBe('too_large');
    const blowup = await runWired(engine(), 'string.replace', { text: 'a'.repeat(1000), pattern: 'x*', replacement: 'x'.repeat(20_000) });
    expect(blowup.error?.code).toBe('too_large');
  });

  it('handles NUL and lone surrogates in text and pattern', async () => {
    expect((await outputOf(engine(), 'string.replace', { text: 'a\u0000b', pattern: '\\x00', replacement: '-' })).text).toBe('a-b');
    const lone = await outputOf(engine(), 'string.match', { text: 'x\uD800y', pattern: 'y' });
    expect(lone.index).toBe(2);
    const run = await runWired(engine(), 'string.replace', { text: '\uDFFF\uD800', pattern: '.', replacement: 'z' });
    expect(run.status).toBe('ok');
  });

  it('caches wired patterns per node, and a changed pattern is compiled anew', async () => {
    const one = await outputOf(engine(), 'string.replace', { text: 'abc', pattern: 'b', replacement: 'X' });
    const two = await outputOf(engine(), 'string.replace', { text: 'abc', pattern: 'c', replacement: 'X' });
    expect([one.text, two.text]).toEqual(['aXc', 'abX']);
    const constant = await invoke(engine(), 'string.replace', { text: 'abc', pattern: 'a', replacement: 'X' });
    expect(constant.output.text).toBe('Xbc');
  });
});
