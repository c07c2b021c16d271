import type { CatalogOp } from '../api/types.ts';

/**
 * Scores `query` as a subsequence of `text`: consecutive and word-start matches score higher,
 * so "sput" finds `store.put` before `string.template`. -1 when not every letter is found.
 */
export function fuzzyScore(query: string, text: string): number {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (q === '') return 0;
  const exact = t.indexOf(q);
  if (exact >= 0) return 1000 - exact + (exact === 0 || /[\s._-]/.test(t[exact - 1] ?? '') ? 200 : 0);
  let score = 0;
  let at = 0;
  let run = 0;
  for (const char of q) {
    if (char === ' ') continue;
    const found = t.indexOf(char, at);
    if (found < 0) return -1;
    run = found === at ? run + 1 : 0;
    score += 10 + run * 5 + (found === 0 || /[\s._-]/.test(t[found - 1] ?? '') ? 15 : 0) - Math.min(found - at, 10);
    at = found + 1;
  }
  return score;
}

/**
 * How well the op's keywords (the words people search for it by: `lowercase`, `uuid`, `regex`)
 * answer the query: a keyword that is the query, starts with it or holds it; else every word of
 * the query starting a keyword, so `webhook signature` finds an op with both among its keywords.
 */
export function keywordScore(query: string, keywords: readonly string[]): number {
  if (keywords.length === 0) return -1;
  const q = query.toLowerCase();
  const lower = keywords.map((k) => k.toLowerCase());
  let best = -1;
  for (const keyword of lower) {
    if (keyword === q) return 1150;
    if (keyword.startsWith(q)) best = Math.max(best, 1000);
    else if (keyword.includes(q)) best = Math.max(best, 800);
  }
  if (best >= 0) return best;
  const words = q.split(/\s+/).filter(Boolean);
  const starts = lower.flatMap((k) => k.split(/[\s._-]+/));
  if (words.length > 1 && words.every((w) => starts.some((s) => s.startsWith(w)))) return 700;
  return -1;
}

export function searchOps(ops: readonly CatalogOp[], query: string): CatalogOp[] {
  const q = query.trim();
  if (q === '') return [...ops];
  const scored: Array<{ op: CatalogOp; score: number }> = [];
  for (const op of ops) {
    const score = Math.max(
      fuzzyScore(q, op.name) * 1.2,
      fuzzyScore(q, op.title),
      fuzzyScore(q, op.category) * 0.5,
      keywordScore(q, op.keywords ?? []),
      op.description.toLowerCase().includes(q.toLowerCase()) ? 100 : -1,
    );
    if (score >= 0) scored.push({ op, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((entry) => entry.op);
}

export function groupByCategory(ops: readonly CatalogOp[]): Array<[string, CatalogOp[]]> {
  const groups = new Map<string, CatalogOp[]>();
  for (const op of ops) {
    const list = groups.get(op.category) ?? [];
    list.push(op);
    groups.set(op.category, list);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === 'flow' ? -1 : b === 'flow' ? 1 : a.localeCompare(b)));
}
