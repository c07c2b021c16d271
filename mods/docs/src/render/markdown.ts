import { randomBytes } from 'node:crypto';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml, htmlToText } from './escape.ts';

export interface MarkdownContext {
  /** The href to render for a link, or `null` to render its text unlinked (its target is not installed here). */
  link(href: string): string | null;
  /** HTML for a `workflow` code fence; trusted, so it is inserted after sanitizing. */
  workflow(source: string): string;
}

export interface Heading {
  depth: number;
  id: string;
  text: string;
}

export interface RenderedMarkdown {
  html: string;
  /** Plain text, for search and llms.txt. */
  text: string;
  headings: Heading[];
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'h1', 'h2', 'del', 'ins', 'input', 'details', 'summary', 'kbd', 'sup', 'sub'],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: ['class'],
    span: ['class', 'title'],
    input: ['type', 'checked', 'disabled'],
    th: ['align'],
    td: ['align'],
    h1: ['id'],
    h2: ['id'],
    h3: ['id'],
    h4: ['id'],
    h5: ['id'],
    h6: ['id'],
    ol: ['start'],
    pre: ['tabindex'],
  },
  // A code block wider than the page scrolls; keyboard users need to reach it to scroll it.
  transformTags: { pre: (tagName, attribs) => ({ tagName, attribs: { ...attribs, tabindex: '0' } }) },
  allowedClasses: { code: ['language-*'], span: ['unavailable'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
};

/**
 * Markdown to safe HTML. Everything written in markdown, raw HTML included, goes through
 * sanitize-html; only the workflow pictures this module draws itself are added afterwards.
 */
export function renderMarkdown(source: string, context: MarkdownContext): RenderedMarkdown {
  const placeholder = `wf${randomBytes(8).toString('hex')}x`;
  const pictures: string[] = [];
  const headings: Heading[] = [];
  const taken = new Map<string, number>();
  const marked = new Marked({
    gfm: true,
    renderer: {
      code({ text, lang }) {
        if (lang?.trim() !== 'workflow') return false;
        pictures.push(context.workflow(text));
        return `<p>${placeholder}${pictures.length - 1}</p>\n`;
      },
      heading({ tokens, depth }) {
        const inner = this.parser.parseInline(tokens);
        const text = htmlToText(inner);
        const id = uniqueId(slugify(text), taken);
        headings.push({ depth, id, text });
        return `<h${depth} id="${id}">${inner}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const inner = this.parser.parseInline(tokens);
        const target = context.link(href);
        if (target === null) return `<span class="unavailable" title="Not installed here">${inner}</span>`;
        return `<a href="${escapeHtml(target)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${inner}</a>`;
      },
    },
  });
  const safe = sanitizeHtml(marked.parse(source, { async: false }), SANITIZE);
  const html = safe.replace(new RegExp(`<p>${placeholder}(\\d+)</p>`, 'g'), (_match, index: string) => pictures[Number(index)] ?? '');
  return { html, text: htmlToText(safe), headings };
}

/** Renders inline markdown (an op's description) to safe HTML without a wrapping paragraph. */
export function renderInline(source: string): string {
  return sanitizeHtml(new Marked({ gfm: true }).parseInline(source, { async: false }), SANITIZE);
}

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

function uniqueId(base: string, taken: Map<string, number>): string {
  const seen = taken.get(base) ?? 0;
  taken.set(base, seen + 1);
  return seen === 0 ? base : `${base}-${seen}`;
}
