import type { CatalogOp, CatalogPort } from '@pattern/core';
import { editorUrl, exampleWorkflow } from '../render/editor-link.ts';
import { escapeHtml } from '../render/escape.ts';
import type { Heading, RenderedMarkdown } from '../render/markdown.ts';
import { renderInline } from '../render/markdown.ts';
import { schemaDefault, schemaDescription, schemaType } from '../render/schema-type.ts';

export interface OpPage {
  body: string;
  toc: Heading[];
  /** The page as plain text, for search. */
  text: string;
}

/** The reference page of one op, from its catalog entry and, when its mod wrote one, its prose page. */
export function renderOpPage(op: CatalogOp, prose: RenderedMarkdown | undefined): OpPage {
  const toc: Heading[] = [];
  const section = (id: string, text: string) => {
    toc.push({ depth: 2, id, text });
    return `<h2 id="${id}">${escapeHtml(text)}</h2>`;
  };
  const parts: string[] = [
    `<h1>${escapeHtml(op.title)}</h1>`,
    '<p class="meta">',
    `<code>${escapeHtml(op.name)}</code>`,
    `<a class="badge" href="/docs/mods/${escapeHtml(op.mod)}">mod: ${escapeHtml(op.mod)}</a>`,
    `<span class="badge muted">category: ${escapeHtml(op.category)}</span>`,
    op.waitFor === 'any' ? '<span class="badge control">runs on the first input to arrive</span>' : '',
    '</p>',
    `<p class="lead">${renderInline(op.description)}</p>`,
    section('inputs', 'Inputs'),
    op.inputs.length ? portTable(op.inputs, true) : '<p>No inputs: the node starts as soon as the run does.</p>',
    op.inputs.some((p) => p.kind === 'value')
      ? '<p>Each input takes either an edge or a constant of the same name in the node’s <code>config</code>.</p>'
      : '',
    section('outputs', 'Outputs'),
    portTable(op.outputs, false),
    '<p>An output the op does not emit marks whatever depends on it <em>skipped</em>. <code>error</code> is on every op: wire it and a failure of this node becomes a value there instead of failing the run.</p>',
  ];
  if (op.config) {
    parts.push(section('config', 'Config'), configTable(op.config));
  }
  parts.push(section('examples', 'Examples'));
  if (op.examples.length === 0) parts.push('<p>No examples yet.</p>');
  op.examples.forEach((example, i) => {
    const id = `example-${i + 1}`;
    toc.push({ depth: 3, id, text: example.title });
    const invoke = JSON.stringify({ inputs: example.inputs ?? {}, config: example.config ?? {} });
    parts.push(
      '<div class="example">',
      `<h3 id="${id}">${escapeHtml(example.title)}</h3>`,
      example.description ? `<p>${renderInline(example.description)}</p>` : '',
      '<div class="example-grid">',
      example.config ? jsonBlock('Config', example.config) : '',
      jsonBlock('Inputs', example.inputs ?? {}),
      example.outputs ? jsonBlock('Outputs', example.outputs) : '',
      '</div>',
      '<div class="example-actions">',
      `<a class="button" href="${escapeHtml(editorUrl(exampleWorkflow(op, example)))}">Try it in the editor</a> `,
      '</div>',
      `<details><summary>Run it over HTTP</summary><pre tabindex="0"><code>curl -s -X POST http://localhost:3000/api/ops/${escapeHtml(op.name)}/invoke \\\n  -H 'content-type: application/json' \\\n  -d ${escapeHtml(shellQuote(invoke))}</code></pre></details>`,
      '</div>',
    );
  });
  if (prose) {
    parts.push(section('guide', 'Guide'), prose.html);
    for (const h of prose.headings) if (h.depth <= 3) toc.push({ ...h, depth: 3 });
  }
  parts.push(section('schemas', 'JSON Schemas'));
  parts.push(
    '<p>The exact schemas the engine checks, as served by <a href="/docs/ops.json">/docs/ops.json</a> and <code>GET /api/ops</code>.</p>',
    `<details><summary>Ports and config of ${escapeHtml(op.name)}</summary><pre tabindex="0"><code class="language-json">${escapeHtml(
      JSON.stringify(
        {
          inputs: Object.fromEntries(op.inputs.map((p) => [p.name, p.schema])),
          outputs: Object.fromEntries(op.outputs.map((p) => [p.name, p.schema])),
          config: op.config,
        },
        null,
        2,
      ),
    )}</code></pre></details>`,
  );
  const text = [
    op.name,
    op.description,
    ...op.inputs.map((p) => `${p.name} ${p.description}`),
    ...op.outputs.map((p) => `${p.name} ${p.description}`),
    ...op.examples.map((e) => e.title),
    prose?.text ?? '',
  ].join(' ');
  return { body: parts.join(''), toc, text };
}

function portTable(ports: CatalogPort[], inputs: boolean): string {
  const rows = ports.map((port) => {
    const fallback = schemaDefault(port.schema);
    return `<tr><td><code>${escapeHtml(port.name)}</code></td><td>${
      port.kind === 'control' ? '<span class="badge control">control</span>' : '<span class="badge muted">value</span>'
    }</td><td><code>${escapeHtml(port.kind === 'control' ? 'pulse' : schemaType(port.schema))}</code></td>${
      inputs ? `<td>${port.required ? 'required' : 'optional'}</td>` : ''
    }<td>${renderInline(port.description)}${fallback ? ` Default: <code>${escapeHtml(JSON.stringify(fallback.value))}</code>.` : ''}</td></tr>`;
  });
  return `<div class="table-wrap"><table><thead><tr><th>Port</th><th>Kind</th><th>Type</th>${
    inputs ? '<th>Required</th>' : ''
  }<th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function configTable(config: Record<string, unknown>): string {
  const properties = (config.properties as Record<string, unknown> | undefined) ?? {};
  const required = new Set((config.required as string[] | undefined) ?? []);
  const keys = Object.keys(properties);
  if (keys.length === 0) return '<p>No settings.</p>';
  const rows = keys.map((key) => {
    const schema = properties[key];
    const fallback = schemaDefault(schema);
    return `<tr><td><code>${escapeHtml(key)}</code></td><td><code>${escapeHtml(schemaType(schema))}</code></td><td>${
      fallback ? `<code>${escapeHtml(JSON.stringify(fallback.value))}</code>` : required.has(key) ? 'required' : '—'
    }</td><td>${renderInline(schemaDescription(schema) ?? '')}</td></tr>`;
  });
  return `<div class="table-wrap"><table><thead><tr><th>Key</th><th>Type</th><th>Default</th><th>Description</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table></div>`;
}

function jsonBlock(label: string, value: unknown): string {
  return `<div><h4>${escapeHtml(label)}</h4><pre tabindex="0"><code class="language-json">${escapeHtml(JSON.stringify(value, null, 2))}</code></pre></div>`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
