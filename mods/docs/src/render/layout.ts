import { escapeHtml } from './escape.ts';
import type { Heading } from './markdown.ts';

export interface NavLink {
  url: string;
  title: string;
}

export interface NavSection {
  title: string;
  links: NavLink[];
}

export interface PageParts {
  title: string;
  description?: string;
  /** The path of the page, to mark it in the sidebar. */
  url: string;
  /** The main column's HTML (trusted: built by the page renderers from escaped or sanitized parts). */
  body: string;
  /** Headings for the "on this page" list. */
  toc?: Heading[];
  query?: string;
}

/** Wraps a page's body in the shell every docs page shares: top bar, search, sidebar, table of contents. */
export function renderLayout(page: PageParts, nav: NavSection[]): string {
  const sidebar = nav
    .map(
      (section) =>
        `<h2>${escapeHtml(section.title)}</h2><ul>${section.links
          .map(
            (link) =>
              `<li><a href="${escapeHtml(link.url)}"${link.url === page.url ? ' aria-current="page"' : ''}>${escapeHtml(link.title)}</a></li>`,
          )
          .join('')}</ul>`,
    )
    .join('');
  const tocItems = (page.toc ?? []).filter((h) => h.depth === 2 || h.depth === 3);
  const toc =
    tocItems.length > 1
      ? `<aside class="toc" aria-label="On this page"><h2>On this page</h2><ul>${tocItems
          .map((h) => `<li class="depth-${h.depth}"><a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a></li>`)
          .join('')}</ul></aside>`
      : '<aside class="toc"></aside>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(page.title)} · Pattern docs</title>
${page.description ? `<meta name="description" content="${escapeHtml(page.description)}">\n` : ''}<link rel="stylesheet" href="/docs/style.css">
<link rel="alternate" type="text/plain" href="/docs/llms.txt" title="The docs as one text file">
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%236366f1'/%3E%3Cpath d='M9 10h6v6H9zM17 16h6v6h-6z' fill='white'/%3E%3C/svg%3E">
<script src="/docs/search.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="topbar">
<a class="brand" href="/docs">Pattern <span>docs</span></a>
<nav class="app-links" aria-label="App"><a href="/">Workflows</a><a href="/runs">Runs</a><a href="/data">Data</a></nav>
<form class="search" action="/docs/search" method="get" role="search"><input type="search" name="q" placeholder="Search the docs" aria-label="Search the docs" value="${escapeHtml(page.query ?? '')}"></form>
</header>
<div class="layout">
<nav class="sidebar" aria-label="Documentation">${sidebar}</nav>
<main id="main"><div class="content">${page.body}</div></main>
${toc}
</div>
</body>
</html>
`;
}
