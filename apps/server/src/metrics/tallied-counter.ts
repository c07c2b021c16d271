import { Counter, type CounterConfiguration, type LabelValues } from 'prom-client';

/** Joins label values into a tally's key; no label value holds it. */
const SEPARATOR = '\u0000';

/**
 * A prom-client counter counted in plain numbers and handed to it when it is scraped (its
 * `collect`): counting a request costs one map lookup by a key of its label values, not a labels
 * object, a label check and a hash per increment. A scrape reads the same totals. There is one
 * key per label set, which the callers keep bounded (see label-cap.ts).
 */
export class TalliedCounter<L extends string> {
  private readonly counts = new Map<string, number>();

  constructor(config: CounterConfiguration<L> & { labelNames: readonly L[] }) {
    const { counts } = this;
    const names = config.labelNames;
    new Counter<L>({
      ...config,
      collect() {
        for (const [key, count] of counts) {
          if (count === 0) continue;
          this.inc(labelsOfKey(names, key) as LabelValues<L>, count);
          counts.set(key, 0);
        }
      },
    });
  }

  /** Counts one for the label values `key` holds, in the order of `labelNames` (see `tallyKey`). */
  inc(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

/** The key of label values, in the order of the counter's `labelNames`. */
export function tallyKey(...values: Array<string | number>): string {
  return values.join(SEPARATOR);
}

/** The labels a key of `tallyKey` holds, by their names in its order. */
export function labelsOfKey<L extends string>(names: readonly L[], key: string): Record<L, string> {
  const values = key.split(SEPARATOR);
  const labels = {} as Record<L, string>;
  names.forEach((name, i) => {
    labels[name] = values[i] as string;
  });
  return labels;
}
