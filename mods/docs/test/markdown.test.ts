import { coreMod, createEngine } from '@pattern/core';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../src/content/front-matter.ts';
import { renderMarkdown } from '../src/render/markdown.ts';
import { schemaType } from '../src/render/schema-type.ts';
import { renderWorkflowPicture } from '../src/render/workflow-picture.ts';
import { resolveLink } from '../src/site/build-site.ts';

const engine = createEngine();
const lookup = (name: string) => engine.catalog().find((op) => op.name === name);
const plain = { link: (href: string) => href, workflow: (source: string) => renderWorkflowPicture(source, lookup) };

describe('markdown rendering', () => {
  it('removes scripts, event handlers, javascript: links and iframes from HTML in markdown', () => {
    const { html } = renderMarkdown(
      [
        '<script>alert(1)</script>',
        '<img src="x.png" onerror="alert(2)" alt="pic">',
        '<a href="javascript:alert(3)">bad</a> [also bad](javascript:alert(4))',
        '<iframe src="https://example.com"></iframe><style>body{display:none}</style>',
        '<b onclick="alert(5)">kept</b> <div style="color:red" class="x">div</div>',
      ].join('\n\n'),
      plain,
    );
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<style|style=/i);
    expect(html).toContain('<b>kept</b>');
    expect(html).toContain('<img src="x.png" alt="pic" />');
  });

  it('gives headings ids, unique within a page', () => {
    const { html, headings } = renderMarkdown('## Ports and kinds\n\n## Ports and kinds\n\n### The `error` port', plain);
    expect(headings.map((h) => h.id)).toEqual(['ports-and-kinds', 'ports-and-kinds-1', 'the-error-port']);
    expect(html).toContain('<h3 id="the-error-port">The <code>error</code> port</h3>');
  });

  it('renders links the context rejects as plain text', () => {
    const { html } = renderMarkdown('[gone](/docs/ops/nowhere) and [here](/docs/ops/math.add)', {
      ...plain,
      link: (href) => (href.includes('nowhere') ? null : href),
    });
    expect(html).toContain('<span class="unavailable" title="Not installed here">gone</span>');
    expect(html).toContain('<a href="/docs/ops/math.add">here</a>');
  });

  it('draws a workflow fence as an SVG with a link into the editor, and keeps other fences as code', () => {
    const fence = JSON.stringify({
      name: 'Two',
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'out', port: 'value' } }],
    });
    const { html } = renderMarkdown(`\`\`\`workflow\n${fence}\n\`\`\`\n\n\`\`\`json\n{"a":1}\n\`\`\``, plain);
    expect(html).toContain('<svg class="workflow-picture"');
    expect(html.match(/<g class="node">/g)).toHaveLength(2);
    expect(html.match(/<path class="edge value"/g)).toHaveLength(1);
    expect(html).toContain('href="/workflows/new?template=');
    expect(html).toMatch(/<code class="language-json">\{("|&quot;)a/);
  });

  it('cannot be made to insert a picture by text that looks like the placeholder', () => {
    const { html } = renderMarkdown('<p>wf0000000000000000x0</p>\n\nwf0000000000000000x0', plain);
    expect(html).not.toContain('<svg');
  });

  it('shows why an invalid workflow fence cannot be drawn', () => {
    const broken = renderWorkflowPicture('{ "nodes": [ { "op": "flow.input" } ] }', lookup);
    expect(broken).toContain('could not be drawn: nodes.0.id');
    expect(renderWorkflowPicture('{ not json', lookup)).toContain('not valid JSON');
  });

  it('lays nodes out in layers after their furthest predecessor and marks unknown ops', () => {
    const svg = renderWorkflowPicture(
      JSON.stringify({
        nodes: [
          { id: 'a', op: 'flow.input' },
          { id: 'b', op: 'no.such' },
          { id: 'c', op: 'flow.output' },
        ],
        edges: [
          { from: { node: 'a', port: 'value' }, to: { node: 'b', port: 'value' } },
          { from: { node: 'b', port: 'error' }, to: { node: 'c', port: 'value' } },
          { from: { node: 'a', port: 'value' }, to: { node: 'c', port: 'x' } },
        ],
      }),
      lookup,
    );
    const xs = [...svg.matchAll(/<rect x="(\d+)"/g)].map((m) => Number(m[1]));
    expect(xs[0]).toBeLessThan(xs[1] as number);
    expect(xs[1]).toBeLessThan(xs[2] as number);
    expect(svg).toContain('<g class="node unknown">');
    expect(svg).toContain('<path class="edge error"');
  });
});

describe('front matter', () => {
  it('reads title, order and description, with or without a blank line and quotes', () => {
    const { data, body } = parseFrontMatter('---\n\ntitle: "Runs: and settle"\norder: 4\ndescription: Once.\nother: x\n---\n\n## Body');
    expect(data).toEqual({ title: 'Runs: and settle', order: 4, description: 'Once.' });
    expect(body.trim()).toBe('## Body');
    expect(parseFrontMatter('## No front matter').data).toEqual({});
  });
});

describe('links in chapters', () => {
  const known = { opsByName: new Map(engine.catalog().map((op) => [op.name, op])), modNames: new Set(['core', 'docs']) };
  it('resolves sibling markdown files, keeps external links and drops links to what is not installed', () => {
    expect(resolveLink('intro.md#details', '/docs/mods/docs/guide', known)).toBe('/docs/mods/docs/intro#details');
    expect(resolveLink('intro.md', '/docs/mods/sample/guide', known)).toBeNull();
    expect(resolveLink('https://zod.dev', '/docs/x/y', known)).toBe('https://zod.dev');
    expect(resolveLink('/docs/ops/math.add', '/docs/x/y', known)).toBe('/docs/ops/math.add');
    expect(resolveLink('/docs/ops/store.put', '/docs/x/y', known)).toBeNull();
    expect(resolveLink('/docs/mods/store/leases', '/docs/x/y', known)).toBeNull();
    expect(resolveLink('/docs/concepts/nowhere', '/docs/x/y', known)).toBe('/docs/concepts/nowhere');
    expect(resolveLink('./blobs', '/docs/mods/docs/http-api', known)).toBe('/docs/mods/docs/blobs');
    expect(resolveLink('../queries', '/docs/mods/docs/ops/math.add', known)).toBe('/docs/mods/docs/queries');
    expect(resolveLink('math.add.md', '/docs/mods/docs/ops/math.divide', known)).toBe('/docs/ops/math.add');
    expect(resolveLink('ops/math.add.md#examples', '/docs/mods/docs/guide', known)).toBe('/docs/ops/math.add#examples');
    expect(resolveLink('ops/store.put.md', '/docs/mods/docs/guide', known)).toBeNull();
  });
});

describe('schema types', () => {
  it('reads JSON Schemas as short types', () => {
    expect(schemaType({ type: 'integer', minimum: 0 })).toBe('integer ≥ 0');
    expect(schemaType({ type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 })).toBe('integer');
    expect(schemaType({ type: 'number', minimum: 100, maximum: 599 })).toBe('number ≥ 100, ≤ 599');
    expect(schemaType({ type: 'array', items: { type: 'string' } })).toBe('array of string');
    expect(schemaType({ type: 'object', additionalProperties: { type: 'string' }, propertyNames: { type: 'string' } })).toBe('object of string');
    expect(schemaType({ enum: ['eq', 'ne'] })).toBe('"eq" | "ne"');
    expect(schemaType({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBe('string | number');
    expect(schemaType({ type: 'object', properties: { a: {}, b: {} }, required: ['a'] })).toBe('{ a, b? }');
    expect(schemaType({})).toBe('any');
    expect(coreMod.ops?.length).toBeGreaterThan(0);
  });
});
