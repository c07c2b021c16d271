import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { CatalogOp, Logger, ModHost } from '@pattern/core';
import { type Chapter, type ChapterGroup, loadHandbook, loadModDocs } from '../content/chapters.ts';
import { renderHome, renderModPage, renderNotFound, renderOpsIndex, renderSearchPage, renderUnknownOp } from '../pages/index-pages.ts';
import { renderOpPage } from '../pages/op-page.ts';
import { escapeHtml } from '../render/escape.ts';
import { type NavSection, type PageParts, renderLayout } from '../render/layout.ts';
import { type MarkdownContext, type RenderedMarkdown, renderMarkdown } from '../render/markdown.ts';
import { renderWorkflowPicture } from '../render/workflow-picture.ts';
import { renderLlmsText } from './llms-text.ts';
import { type SearchEntry, SearchIndex } from './search-index.ts';

const MAX_OP_NAME = 200;

export interface Rendered {
  status: number;
  /** The Content-Type, without charset. */
  type: string;
  body: string;
  etag: string;
}

/** Every page of the docs, rendered once from the handbook, the mods' docs folders and the live catalog. */
export interface Site {
  page(path: string): Rendered | undefined;
  search: SearchIndex;
  searchPage(query: string): Rendered;
  /** The 404 for a path: an unknown op suggests the closest names. */
  notFound(path: string): Rendered;
  llms: Rendered;
  opsJson: Rendered;
  /** Every chapter, in reading order. */
  chapters: Chapter[];
}

export interface SiteSource {
  host: ModHost;
  log: Logger;
  /** The folder of the handbook's sections. */
  handbook: string;
}

export async function buildSite({ host, log, handbook }: SiteSource): Promise<Site> {
  const catalog = [...host.catalog()].sort((a, b) => a.name.localeCompare(b.name));
  const opsByName = new Map(catalog.map((op) => [op.name, op]));
  const mods = host.mods;
  const handbookGroups = await loadHandbook(handbook, log);
  const modGroups: ChapterGroup[] = [];
  const opProse = new Map<string, string>();
  for (const mod of mods) {
    const { group, opProse: prose } = await loadModDocs(mod, log);
    if (group.chapters.length > 0) modGroups.push(group);
    for (const [name, markdown] of prose) {
      if (opsByName.get(name)?.mod === mod.name) opProse.set(name, markdown);
      else log.warn(`docs: ${mod.name} has docs/ops/${name}.md but does not provide an op named ${name}`);
    }
  }
  const groups = [...handbookGroups, ...modGroups];
  const chapters = groups.flatMap((g) => g.chapters);
  const modNames = new Set(mods.map((m) => m.name));

  const nav: NavSection[] = [
    { title: 'Start', links: [{ url: '/docs', title: 'Overview' }] },
    ...handbookGroups.map((g) => ({ title: g.title, links: g.chapters.map((c) => ({ url: c.url, title: c.title })) })),
    ...modGroups.map((g) => ({
      title: `Mod: ${g.title}`,
      links: [{ url: `/docs/mods/${g.mod}`, title: 'Overview and ops' }, ...g.chapters.map((c) => ({ url: c.url, title: c.title }))],
    })),
    {
      title: 'Reference',
      links: [
        { url: '/docs/ops', title: 'Op reference' },
        { url: '/docs/api', title: 'API reference' },
        ...mods.filter((m) => !modGroups.some((g) => g.mod === m.name)).map((m) => ({ url: `/docs/mods/${m.name}`, title: `Mod: ${m.name}` })),
        { url: '/docs/llms.txt', title: 'llms.txt' },
        { url: '/docs/ops.json', title: 'ops.json' },
      ],
    },
  ];

  const lookup = (name: string) => opsByName.get(name);
  const markdownContext = (chapterUrl: string): MarkdownContext => ({
    link: (href) => resolveLink(href, chapterUrl, { opsByName, modNames }),
    workflow: (source) => renderWorkflowPicture(source, lookup),
  });

  const pages = new Map<string, Rendered>();
  const searchEntries: SearchEntry[] = [];
  const html = (parts: PageParts, status = 200) => rendered(renderLayout(parts, nav), status, 'text/html');

  chapters.forEach((chapter, i) => {
    const group = groups.find((g) => g.chapters.includes(chapter)) as ChapterGroup;
    const doc = renderMarkdown(chapter.markdown, markdownContext(chapter.url));
    const previous = chapters[i - 1];
    const next = chapters[i + 1];
    const body = [
      `<p class="meta"><span class="badge muted">${escapeHtml(group.mod ? `Mod: ${group.mod}` : group.title)}</span></p>`,
      `<h1>${escapeHtml(chapter.title)}</h1>`,
      chapter.description ? `<p class="lead">${escapeHtml(chapter.description)}</p>` : '',
      doc.html,
      pager(previous, next),
    ].join('');
    pages.set(chapter.url, html({ title: chapter.title, description: chapter.description, url: chapter.url, body, toc: doc.headings }));
    searchEntries.push({ url: chapter.url, title: chapter.title, section: group.mod ? `Mod: ${group.mod}` : group.title, text: doc.text });
  });

  for (const op of catalog) {
    const url = `/docs/ops/${op.name}`;
    const proseSource = opProse.get(op.name);
    const prose: RenderedMarkdown | undefined =
      proseSource === undefined ? undefined : renderMarkdown(proseSource, markdownContext(`/docs/mods/${op.mod}/ops/${op.name}`));
    const page = renderOpPage(op, prose);
    pages.set(url, html({ title: op.name, description: op.description, url, body: page.body, toc: page.toc }));
    searchEntries.push({ url, title: op.name, keywords: [op.title, ...(op.keywords ?? [])].join(' '), section: `Op · ${op.mod}`, text: page.text });
  }

  for (const mod of mods) {
    const url = `/docs/mods/${mod.name}`;
    const ops = catalog.filter((op) => op.mod === mod.name);
    const group = modGroups.find((g) => g.mod === mod.name);
    pages.set(url, html({ title: `Mod ${mod.name}`, description: mod.description, url, body: renderModPage(mod, group, ops) }));
    searchEntries.push({ url, title: `Mod ${mod.name}`, section: 'Mods', text: `${mod.description ?? ''} ${ops.map((o) => o.name).join(' ')}` });
  }

  pages.set('/docs', html({ title: 'Documentation', url: '/docs', body: renderHome(handbookGroups, mods, modGroups, catalog.length) }));
  pages.set('/docs/ops', html({ title: 'Op reference', url: '/docs/ops', body: renderOpsIndex(mods, catalog) }));

  const search = new SearchIndex(searchEntries);
  return {
    page: (path) => pages.get(path),
    search,
    searchPage: (query) =>
      html({ title: query ? `Search: ${query}` : 'Search', url: '/docs/search', body: renderSearchPage(query, search.search(query)), query }),
    notFound: (path) => {
      const op = /^\/docs\/ops\/([^/]+)$/.exec(path)?.[1];
      if (op !== undefined) {
        // Edit distance costs the name's length per op: past any real op name, suggest nothing.
        const closest = op.length > MAX_OP_NAME ? [] : host.suggestOps(op, 5).flatMap((name) => opsByName.get(name) ?? []);
        return html({ title: 'No such op', url: path, body: renderUnknownOp(op, closest) }, 404);
      }
      return html({ title: 'Page not found', url: path, body: renderNotFound(path) }, 404);
    },
    llms: rendered(
      renderLlmsText(groups, catalog, opProse, (href, from) => resolveLink(href, from, { opsByName, modNames }) ?? href),
      200,
      'text/plain',
    ),
    opsJson: rendered(
      JSON.stringify({ mods: mods.map((m) => ({ name: m.name, version: m.version, description: m.description ?? null })), ops: catalog }),
      200,
      'application/json',
    ),
    chapters,
  };
}

interface KnownTargets {
  opsByName: ReadonlyMap<string, CatalogOp>;
  modNames: ReadonlySet<string>;
}

/**
 * Where a link in a chapter points. A relative link (`leases`, `./leases.md`, `../queries` from an
 * op page) is resolved from where its file sits in the docs folder, so links work the same here
 * as in a markdown viewer; `ops/<op>` there is the op's reference page. A link to an op or a mod
 * that is not installed renders as plain text (`null`), since the handbook is written for every
 * installation. Any other link is kept as written, so a broken one stays visible to the link checker.
 *
 * `from` is the page's location in the docs tree: a chapter's URL, or
 * `/docs/mods/<mod>/ops/<op>` for an op's prose page.
 */
export function resolveLink(href: string, from: string, known: KnownTargets): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('//')) return href;
  const [path = '', hash] = href.split('#', 2);
  const fragment = hash === undefined ? '' : `#${hash}`;
  let target = path.startsWith('/') ? path : posix.join(posix.dirname(from), path).replace(/\.md$/, '');
  const opPage = /^\/docs\/mods\/[^/]+\/ops\/([^/]+)$/.exec(target)?.[1];
  if (opPage !== undefined) target = `/docs/ops/${opPage}`;
  const op = /^\/docs\/ops\/([^/]+)$/.exec(target)?.[1];
  if (op !== undefined && !known.opsByName.has(op)) return null;
  const mod = /^\/docs\/mods\/([^/]+)/.exec(target)?.[1];
  if (mod !== undefined && !known.modNames.has(mod)) return null;
  return `${target}${fragment}`;
}

function pager(previous: Chapter | undefined, next: Chapter | undefined): string {
  if (!previous && !next) return '';
  return `<nav class="pager" aria-label="Chapters">${
    previous ? `<a href="${escapeHtml(previous.url)}"><small>Previous</small>${escapeHtml(previous.title)}</a>` : '<span></span>'
  }${next ? `<a class="next" href="${escapeHtml(next.url)}"><small>Next</small>${escapeHtml(next.title)}</a>` : ''}</nav>`;
}

function rendered(body: string, status: number, type: string): Rendered {
  return { status, body, type, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}
