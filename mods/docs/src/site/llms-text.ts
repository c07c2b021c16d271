import type { CatalogOp, CatalogPort } from '@pattern/core';
import type { ChapterGroup } from '../content/chapters.ts';
import { schemaDefault, schemaDescription, schemaType } from '../render/schema-type.ts';

/**
 * The whole handbook, every mod's chapters and the op reference as one markdown text, for
 * language models and offline reading. Chapter headings move down two levels so the file keeps
 * one outline.
 */
export function renderLlmsText(
  groups: ChapterGroup[],
  catalog: CatalogOp[],
  opProse: ReadonlyMap<string, string>,
  /** Rewrites a link found at a page's location; relative links become site paths. */
  link: (href: string, from: string) => string,
): string {
  const out: string[] = [
    '# Pattern',
    '',
    '> Pattern is a self-hosted backend builder in TypeScript. A workflow is a JSON graph of typed ops; the server runs workflows (over HTTP, on events, or from the editor); mods add ops, services, routes and docs. This file holds the whole handbook and the reference of every op installed on this server.',
    '',
  ];
  for (const group of groups) {
    out.push(`## ${group.mod ? `Mod ${group.mod}` : group.title}`, '');
    for (const chapter of group.chapters) {
      out.push(`### ${chapter.title}`, '', `Source: ${chapter.url}`, '', rewrite(chapter.markdown.trim(), chapter.url, link), '');
    }
  }
  out.push('## Op reference', '', `Every op installed here (${catalog.length}). Input ports also take constants from the node's config.`, '');
  for (const op of catalog) {
    out.push(
      `### ${op.name}: ${op.title}`,
      '',
      `Mod: ${op.mod}. Category: ${op.category}.${op.waitFor === 'any' ? ' Runs on the first input to arrive.' : ''}`,
    );
    out.push('', op.description, '');
    out.push('Inputs:', ...(op.inputs.length ? op.inputs.map((p) => portLine(p, true)) : ['- none']), '');
    out.push('Outputs:', ...op.outputs.map((p) => portLine(p, false)), '');
    const properties = (op.config?.properties as Record<string, unknown> | undefined) ?? {};
    if (Object.keys(properties).length > 0) {
      out.push('Config:');
      for (const [key, schema] of Object.entries(properties)) {
        const fallback = schemaDefault(schema);
        out.push(
          `- \`${key}\` (${schemaType(schema)}${fallback ? `, default ${JSON.stringify(fallback.value)}` : ''}): ${schemaDescription(schema) ?? ''}`.trimEnd(),
        );
      }
      out.push('');
    }
    for (const example of op.examples) {
      out.push(`Example, ${example.title}:`);
      if (example.config) out.push(`- config: \`${JSON.stringify(example.config)}\``);
      out.push(`- inputs: \`${JSON.stringify(example.inputs ?? {})}\``);
      if (example.outputs) out.push(`- outputs: \`${JSON.stringify(example.outputs)}\``);
      out.push('');
    }
    const prose = opProse.get(op.name);
    if (prose) out.push(rewrite(prose.trim(), `/docs/mods/${op.mod}/ops/${op.name}`, link), '');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function portLine(port: CatalogPort, input: boolean): string {
  const type = port.kind === 'control' ? 'control pulse' : schemaType(port.schema);
  const need = input && port.kind === 'value' ? (port.required ? ', required' : ', optional') : '';
  return `- \`${port.name}\` (${type}${need}): ${port.description}`;
}

/** Moves every heading outside fenced code two levels down, and resolves inline links. */
function rewrite(markdown: string, from: string, link: (href: string, from: string) => string): string {
  const levels = 2;
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
      if (marker) {
        if (fence === undefined) fence = marker[0];
        else if (marker[0] === fence) fence = undefined;
        return line;
      }
      if (fence !== undefined) return line;
      if (/^#{1,6}\s/.test(line)) return `${'#'.repeat(levels)}${line}`.replace(/^#{7,}/, '######');
      // Only outside inline code: `[a](b.md)` in backticks is an example, not a link.
      return line
        .split('`')
        .map((part, i) =>
          i % 2 === 1
            ? part
            : part.replace(/\]\(([^()\s]+)((?:\s+"[^"]*")?)\)/g, (_match, href: string, title: string) => `](${link(href, from)}${title})`),
        )
        .join('`');
    })
    .join('\n');
}
