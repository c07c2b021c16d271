import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import type { CatalogOp, CatalogPort } from '../src/api/types.ts';
import { filtersFromParam } from '../src/data/filter.ts';
import { besideSelection, freePlace, NODE_GAP, type Rect } from '../src/editor/free-place.ts';
import { acceptingInput, givingOutput, opsFitting } from '../src/editor/next-step.ts';
import { formatDuration } from '../src/ui/format.ts';
import { Markdown } from '../src/ui/Markdown.tsx';
import { markdownText, parseMarkdown, safeHref } from '../src/ui/markdown.ts';

// The canvas's pure parts: where new nodes go, which ops can come next, descriptions and durations.

const size = { width: 260, height: 150 };
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('free-place insertion', () => {
  test('an empty spot is taken as asked', () => {
    expect(freePlace({ x: 10, y: 20 }, size, [])).toEqual({ x: 10, y: 20 });
  });

  test('a taken spot moves to the nearest free one, clear of every node by the gap', () => {
    const taken: Rect[] = [{ x: 0, y: 0, width: 260, height: 150 }];
    const at = freePlace({ x: 0, y: 0 }, size, taken);
    const placed = { ...at, ...size };
    const inflated = {
      x: placed.x - NODE_GAP + 1,
      y: placed.y - NODE_GAP + 1,
      width: size.width + 2 * NODE_GAP - 2,
      height: size.height + 2 * NODE_GAP - 2,
    };
    expect(overlaps(inflated, taken[0] as Rect)).toBe(false);
    // Nearest: one step beyond the node and its gap, not somewhere far away.
    expect(Math.hypot(at.x, at.y)).toBeLessThan(260 + NODE_GAP + 80);
  });

  test('repeated inserts at one spot never stack, on a crowded canvas too', () => {
    const taken: Rect[] = [];
    for (let row = 0; row < 4; row++) for (let col = 0; col < 4; col++) taken.push({ x: col * 300, y: row * 200, width: 260, height: 150 });
    for (let i = 0; i < 12; i++) {
      const at = freePlace({ x: 400, y: 300 }, size, taken);
      const rect = { ...at, ...size };
      for (const other of taken) expect(overlaps(rect, other), `${JSON.stringify(rect)} on ${JSON.stringify(other)}`).toBe(false);
      taken.push(rect);
    }
  });

  test('beside the selection means to its right, aligned with its top', () => {
    expect(besideSelection([])).toBeUndefined();
    expect(
      besideSelection([
        { x: 0, y: 40, width: 200, height: 100 },
        { x: 100, y: 10, width: 200, height: 100 },
      ]),
    ).toEqual({ x: 300 + 2 * NODE_GAP, y: 10 });
  });
});

const port = (name: string, types: string[] | null, extra: Partial<CatalogPort> = {}): CatalogPort => ({
  name,
  kind: 'value',
  description: '',
  required: false,
  schema: {},
  types,
  ...extra,
});
const op = (name: string, inputs: CatalogPort[], outputs: CatalogPort[]): CatalogOp =>
  ({ name, title: name, description: '', category: 'test', inputs, outputs, examples: [] }) as unknown as CatalogOp;

describe('the next step after an output', () => {
  const upper = op('string.upper', [port('text', ['string'], { required: true })], [port('text', ['string']), port('error', ['object'])]);
  const add = op('math.add', [port('a', ['number']), port('b', ['number'], { required: true })], [port('result', ['number'])]);
  const log = op('debug.log', [port('value', null)], [port('value', null)]);
  const ops = [upper, add, log];

  test('only ops with an input that takes the type are offered, any-typed ones included', () => {
    expect(opsFitting(ops, port('doc', ['string'])).map((o) => o.name)).toEqual(['string.upper', 'debug.log']);
    expect(opsFitting(ops, port('n', ['number'])).map((o) => o.name)).toEqual(['math.add', 'debug.log']);
  });

  test('the edge goes into the first input typed for it, an untyped one into the first input, a control output only into control inputs', () => {
    expect(acceptingInput(add, port('n', ['number']))?.name).toBe('a');
    const set = op('object.set', [port('object', ['object']), port('path', ['string'], { required: true }), port('value', null)], []);
    expect(acceptingInput(set, port('value', null))?.name).toBe('object');
    expect(acceptingInput(set, port('text', ['string']))?.name).toBe('path');
    expect(acceptingInput(log, port('n', ['number']))?.name).toBe('value');
    expect(acceptingInput(log, port('go', null, { kind: 'control' }))).toBeUndefined();
  });

  test('splitting an edge needs an output the old target takes, never the error port', () => {
    expect(givingOutput(upper, port('value', ['object']))).toBeUndefined();
    expect(opsFitting(ops, port('s', ['string']), port('into', ['number'])).map((o) => o.name)).toEqual(['debug.log']);
  });
});

describe('markdown in descriptions', () => {
  const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

  test('inline code, emphasis, strong and links become elements', () => {
    expect(html('Reads `store.get` and **keeps** it *once*; see [the docs](/docs/ops/store.get).')).toBe(
      '<span class="markdown">Reads <code>store.get</code> and <strong>keeps</strong> it <em>once</em>; see <a href="/docs/ops/store.get">the docs</a>.</span>',
    );
    expect(html('[site](https://example.com)')).toContain('href="https://example.com" target="_blank" rel="noreferrer"');
  });

  test('HTML in a description is text, never markup', () => {
    const out = html('<script>alert(1)</script> and <img src=x onerror=alert(1)> `<b>`');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('<code>&lt;b&gt;</code>');
  });

  test('javascript:, data: and disguised links lose their href and keep their text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<b>',
      '//evil.example',
      'vbscript:x',
    ]) {
      const out = html(`[click](${href})`);
      expect(out, href).not.toContain('href');
      expect(out).toContain('click');
    }
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref('#anchor')).toBe('#anchor');
  });

  test('snake_case, lone markers and unclosed spans stay as written', () => {
    expect(markdownText('a snake_case_name, 2 * 3 * 4 and `unclosed')).toBe('a snake_case_name, 2 * 3 * 4 and `unclosed');
    expect(parseMarkdown('plain')).toEqual([{ type: 'text', text: 'plain' }]);
    expect(markdownText('Takes `a` and **b**')).toBe('Takes a and b');
  });
});

describe('durations', () => {
  test('below a millisecond in µs, with the micro sign in lower case', () => {
    expect(formatDuration(0.25)).toBe('250 µs');
    expect(formatDuration(0.0042)).toBe('4.2 µs');
    expect(formatDuration(0.0001)).toBe('<1 µs');
    expect(formatDuration(0)).toBe('<1 ms');
    expect(formatDuration(0.25)).not.toMatch(/Μ|MS/);
  });

  test('milliseconds and seconds as before', () => {
    expect(formatDuration(1)).toBe('1.0 ms');
    expect(formatDuration(42.4)).toBe('42 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
  });
});

describe('the data filter kept in the address', () => {
  test('rows come back as they were written; anything else is no filter', () => {
    const rows = [{ field: 'status', op: 'eq', value: 'open' }];
    expect(filtersFromParam(JSON.stringify(rows))).toEqual(rows);
    expect(filtersFromParam(null)).toEqual([]);
    expect(filtersFromParam('{not json')).toEqual([]);
    expect(filtersFromParam('{"field":"a"}')).toEqual([]);
    expect(filtersFromParam(JSON.stringify([{ field: 'a', op: 'drop', value: '1' }, ...rows]))).toEqual(rows);
  });
});
