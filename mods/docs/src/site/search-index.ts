import { escapeHtml } from '../render/escape.ts';

export interface SearchEntry {
  url: string;
  title: string;
  /** Where the page sits: a handbook section, a mod, the op reference. */
  section: string;
  text: string;
  /** Extra words that count like the title (an op's name). */
  keywords?: string;
}

export interface SearchResult {
  url: string;
  title: string;
  section: string;
  /** A piece of the text around the first match, HTML-escaped, matches in `<mark>`. */
  snippet: string;
  score: number;
}

interface Indexed extends SearchEntry {
  titleLower: string;
  textLower: string;
}

const MAX_TERMS = 8;
const SNIPPET_RADIUS = 90;

/**
 * Search over titles and text. The docs are small (hundreds of pages at most), so the texts are
 * lower-cased once at build time and each query scans them: every term must occur, a hit in a
 * title counts far more than one in the text.
 */
export class SearchIndex {
  private readonly entries: Indexed[];

  constructor(entries: SearchEntry[]) {
    this.entries = entries.map((e) => ({
      ...e,
      titleLower: `${e.title} ${e.keywords ?? ''}`.toLowerCase(),
      textLower: e.text.toLowerCase(),
    }));
  }

  search(query: string, limit = 30): SearchResult[] {
    const terms = [...new Set(query.toLowerCase().split(/\s+/).filter(Boolean))].slice(0, MAX_TERMS);
    if (terms.length === 0) return [];
    const results: SearchResult[] = [];
    for (const entry of this.entries) {
      let score = 0;
      let first = -1;
      for (const term of terms) {
        const inTitle = entry.titleLower.includes(term);
        const at = entry.textLower.indexOf(term);
        if (!inTitle && at < 0) {
          score = 0;
          break;
        }
        if (inTitle) score += entry.titleLower.split(/[\s.]+/).includes(term) ? 20 : 10;
        if (at >= 0) {
          score += Math.min(5, occurrences(entry.textLower, term));
          if (first < 0 || at < first) first = at;
        }
      }
      if (score > 0) results.push({ url: entry.url, title: entry.title, section: entry.section, snippet: snippet(entry.text, first, terms), score });
    }
    return results.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title)).slice(0, limit);
  }
}

function occurrences(text: string, term: string): number {
  let count = 0;
  for (let at = text.indexOf(term); at >= 0 && count < 5; at = text.indexOf(term, at + term.length)) count++;
  return count;
}

function snippet(text: string, at: number, terms: string[]): string {
  if (at < 0) return escapeHtml(text.slice(0, SNIPPET_RADIUS * 2)) + (text.length > SNIPPET_RADIUS * 2 ? '…' : '');
  const start = Math.max(0, at - SNIPPET_RADIUS);
  const end = Math.min(text.length, at + SNIPPET_RADIUS);
  const piece = escapeHtml(text.slice(start, end));
  const pattern = new RegExp(`(${terms.map((t) => escapeHtml(t).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  return `${start > 0 ? '…' : ''}${piece.replace(pattern, '<mark>$1</mark>')}${end < text.length ? '…' : ''}`;
}
