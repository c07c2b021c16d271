import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, getPath, renderTemplate, splitPath } from '../src/index.ts';
import { startedEngine } from './helpers.ts';

const MIB = 1024 * 1024;

/** The placeholder grammar as a regular expression: the reference the scanner must agree with. */
function renderByRegex(template: string, data: unknown): string {
  return template.replace(/\{\{\s*([^{}\s]*)\s*\}\}/g, (_match, path: string) => {
    const value = getPath(data, splitPath(path));
    if (value === undefined || value === null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

let engine: Engine;
beforeAll(async () => {
  engine = await startedEngine();
});
afterAll(async () => {
  await engine.stop();
});

/**
 * Milliseconds for the `string.template` op over a 1 MiB template of `shape`: the fastest of three
 * calls after a warm-up, so a busy machine's pauses do not count. A scan that revisits text takes
 * minutes on these shapes, never milliseconds.
 */
function timeTemplate(shape: (size: number) => string): number {
  const op = engine.op('string.template');
  if (!op) throw new Error('string.template is not registered');
  const call = (template: string) => op.run({ template, data: { a: 1 } }, {} as never) as { text: unknown };
  call(shape(1024));
  let ms = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3; attempt++) {
    // A new string each time, so no cached compilation is timed.
    const template = `${shape(MIB)}${' '.repeat(attempt)}`;
    const start = performance.now();
    const { text } = call(template);
    ms = Math.min(ms, performance.now() - start);
    expect(text).toBe(template);
  }
  return ms;
}

describe('string.template', () => {
  it('answers a 1 MiB template of "{{" and spaces with no closing braces within 50 ms', () => {
    expect(timeTemplate((size) => `{{${' '.repeat(size - 2)}`)).toBeLessThan(50);
  });

  it('takes linear time on other shapes that would make a backtracking scan revisit text', () => {
    const shapes: Array<(size: number) => string> = [
      (size) => '{'.repeat(size),
      (size) => '{{ a'.repeat(size / 4),
      (size) => '{{ '.repeat(Math.floor(size / 3)),
      (size) => `{{ a${' '.repeat(size - 4)}`,
    ];
    for (const shape of shapes) {
      expect(timeTemplate(shape), shape(8)).toBeLessThan(250);
    }
  });

  it('keeps the placeholder rules: spaces around a path, no spaces or braces inside it', () => {
    const data = { name: 'Ada', user: { city: 'London' }, list: [1, 2], zero: 0, nothing: null };
    const cases: Array<[string, string]> = [
      ['Hello, {{ name }}!', 'Hello, Ada!'],
      ['{{name}}{{name}}', 'AdaAda'],
      ['{{ user.city }}', 'London'],
      ['{{ list }} {{ list.1 }}', '[1,2] 2'],
      ['{{ zero }}|{{ nothing }}|{{ missing }}', '0||'],
      ['{{ a b }}', '{{ a b }}'],
      ['{{{name}}}', '{Ada}'],
      ['{{ name }', '{{ name }'],
      ['{{\u00a0name\u3000}}', 'Ada'],
      ['{{\n\tname\n}}', 'Ada'],
      ['{{ {{ name }}', '{{ Ada'],
      ['{{}}', JSON.stringify(data)],
    ];
    for (const [template, expected] of cases) expect(renderTemplate(template, data), template).toBe(expected);
  });

  it('renders every template exactly as the placeholder grammar reads it', () => {
    const data = { a: 'A', b: { c: 'C' }, '': 'E' };
    const text = fc.string({ unit: fc.constantFrom('{', '}', ' ', '\t', '\u00a0', 'a', 'b', '.', 'c', 'x'), maxLength: 40 });
    fc.assert(
      fc.property(text, (template) => renderTemplate(template, data) === renderByRegex(template, data)),
      { numRuns: 2000 },
    );
  });
});
