/** What a label value turns into once the cap is reached. */
export const OTHER = '_other';

/**
 * Keeps a label's set of values bounded: the first `max` distinct values are kept as they are,
 * later new ones read `_other`, so no number of workflows can grow the scrape without end.
 */
export class LabelCap {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return OTHER;
    this.seen.add(value);
    return value;
  }
}
