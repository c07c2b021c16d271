import type { CatalogOp, ModDefinition } from '@pattern/core';
import type { ChapterGroup } from '../content/chapters.ts';
import { escapeHtml } from '../render/escape.ts';
import { renderInline } from '../render/markdown.ts';
import type { SearchResult } from '../site/search-index.ts';

/** The front page: every handbook section and mod, and the reference. */
export function renderHome(handbook: ChapterGroup[], mods: readonly ModDefinition[], modGroups: ChapterGroup[], opCount: number): string {
  const sections = handbook.map(
    (group) =>
      `<h2 id="${escapeHtml(group.id)}">${escapeHtml(group.title)}</h2><ul class="cards">${group.chapters
        .map((c) => card(c.url, c.title, c.description ?? ''))
        .join('')}</ul>`,
  );
  const modCards = mods.map((mod) => {
    const chapters = modGroups.find((g) => g.mod === mod.name)?.chapters.length ?? 0;
    const ops = mod.ops?.length ?? 0;
    return card(`/docs/mods/${mod.name}`, mod.name, `${mod.description ?? ''} ${plural(ops, 'op')}, ${plural(chapters, 'chapter')}.`);
  });
  return [
    '<h1>Pattern documentation</h1>',
    '<p class="lead">Pattern is a self-hosted backend builder: a workflow is a JSON graph of typed ops, the server runs it, and mods add ops, services, routes and docs. These pages are served by your own installation, so the reference always matches what is installed.</p>',
    ...sections,
    '<h2 id="mods">Installed mods</h2>',
    `<ul class="cards">${modCards.join('')}</ul>`,
    '<h2 id="reference">Reference</h2>',
    '<ul class="cards">',
    card('/docs/ops', 'Op reference', `Every installed op (${opCount}): ports, config, examples.`),
    card('/docs/api', 'API reference', 'Every route your workflows serve, and Pattern’s own API: OpenAPI 3.1, to read and to try.'),
    card('/docs/llms.txt', 'llms.txt', 'The whole handbook and op reference as one text file, for language models.'),
    card('/docs/ops.json', 'ops.json', 'The op catalog as data, with JSON Schemas.'),
    '</ul>',
  ].join('');
}

/** Every op, grouped by the mod that provides it. */
export function renderOpsIndex(mods: readonly ModDefinition[], catalog: CatalogOp[]): string {
  const parts = [
    '<h1>Op reference</h1>',
    `<p class="lead">The ${catalog.length} ops installed here, generated from the live registry. Each page lists the op’s ports with their kinds and types, its config, and runnable examples.</p>`,
  ];
  for (const mod of mods) {
    const ops = catalog.filter((op) => op.mod === mod.name).sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name));
    if (ops.length === 0) continue;
    parts.push(`<h2 id="mod-${escapeHtml(mod.name)}"><a href="/docs/mods/${escapeHtml(mod.name)}">${escapeHtml(mod.name)}</a></h2>`, opTable(ops));
  }
  return parts.join('');
}

export function opTable(ops: CatalogOp[]): string {
  const rows = ops.map(
    (op) =>
      `<tr><td><a href="/docs/ops/${escapeHtml(op.name)}"><code>${escapeHtml(op.name)}</code></a></td><td>${escapeHtml(op.category)}</td><td>${renderInline(op.description)}</td></tr>`,
  );
  return `<div class="table-wrap"><table><thead><tr><th>Op</th><th>Category</th><th>What it does</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

export function renderModPage(mod: ModDefinition, group: ChapterGroup | undefined, ops: CatalogOp[]): string {
  const parts = [
    `<h1>${escapeHtml(mod.name)}</h1>`,
    `<p class="meta"><span class="badge">version ${escapeHtml(mod.version)}</span><span class="badge muted">${plural(ops.length, 'op')}</span></p>`,
    mod.description ? `<p class="lead">${renderInline(mod.description)}</p>` : '',
  ];
  if (group && group.chapters.length > 0) {
    parts.push('<h2 id="chapters">Chapters</h2><ul class="cards">', ...group.chapters.map((c) => card(c.url, c.title, c.description ?? '')), '</ul>');
  }
  if (ops.length > 0) parts.push('<h2 id="ops">Ops</h2>', opTable(ops));
  return parts.join('');
}

export function renderSearchPage(query: string, results: SearchResult[]): string {
  if (query.trim() === '') return '<h1>Search</h1><p>Type a word or two in the search box: titles, text and op names are searched.</p>';
  const items = results.map(
    (r) =>
      `<li><a href="${escapeHtml(r.url)}"><strong>${escapeHtml(r.title)}</strong></a> <span class="where">${escapeHtml(r.section)}</span><p>${r.snippet}</p></li>`,
  );
  return [
    `<h1>Search: ${escapeHtml(query)}</h1>`,
    results.length
      ? `<p>${plural(results.length, 'result')}.</p><ul class="results">${items.join('')}</ul>`
      : '<p>Nothing matches every word. Try fewer or shorter words, or browse the <a href="/docs/ops">op reference</a>.</p>',
  ].join('');
}

export function renderUnknownOp(name: string, suggestions: CatalogOp[]): string {
  return [
    '<h1>No such op</h1>',
    `<p class="lead">There is no op <code>${escapeHtml(name)}</code> in this installation.</p>`,
    suggestions.length
      ? `<h2 id="closest">Closest names</h2><ul class="cards">${suggestions.map((op) => card(`/docs/ops/${op.name}`, op.name, op.description)).join('')}</ul>`
      : '',
    `<p>Browse the <a href="/docs/ops">op reference</a> or <a href="/docs/search?q=${encodeURIComponent(name)}">search for “${escapeHtml(name)}”</a>. An op a mod provides is only here when that mod is listed in <code>pattern.config.json</code>.</p>`,
  ].join('');
}

export function renderNotFound(path: string): string {
  return [
    '<h1>Page not found</h1>',
    `<p class="lead">Nothing is served at <code>${escapeHtml(path)}</code>.</p>`,
    '<p>Start from the <a href="/docs">documentation home</a>, or search with the box at the top.</p>',
  ].join('');
}

function card(url: string, title: string, text: string): string {
  return `<li><a class="card" href="${escapeHtml(url)}"><strong>${escapeHtml(title)}</strong><span>${renderInline(text).replace(/<\/?a\b[^>]*>/g, '')}</span></a></li>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
