import type { Metric, Registry } from 'prom-client';
import { labelsOfKey } from './tallied-counter.ts';

interface Tally {
  labels: Record<string, string>;
  /** Observations per bucket, not cumulative; the last is `+Inf`. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

export interface TalliedHistogramConfiguration<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Upper bounds, ascending. */
  buckets: readonly number[];
  registers: Registry[];
}

type Sample = { labels: Record<string, string | number>; value: number; metricName: string };
type PromSample = Sample & { sharedLabels: Record<string, string> };
type Snapshot<S> = { name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: S[] };

/**
 * A histogram tallied in plain numbers, which the registry reads like prom-client's own: the same
 * `_bucket`, `_sum` and `_count` series, in the same text. prom-client's `observe` validates the
 * labels object, hashes it and looks it up on every observation, which a run observed once per node
 * pays several times over; here an observation is one map lookup by the key of its label values
 * (see `tallyKey`) and one bucket increment. The callers keep label sets bounded (label-cap.ts).
 *
 * The registry takes metrics as prom-client's classes, but reads them only through `name`, `help`,
 * `type`, `aggregator`, `get()`, `getForPromString()` and `reset()`, which is what this has; a test holds its text to
 * that of a prom-client histogram fed the same values.
 */
export class TalliedHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  private readonly labelNames: readonly L[];
  private readonly bounds: readonly number[];
  private tallies = new Map<string, Tally>();

  constructor(config: TalliedHistogramConfiguration<L>) {
    this.name = config.name;
    this.help = config.help;
    this.labelNames = config.labelNames;
    this.bounds = config.buckets;
    for (const registry of config.registers) registry.registerMetric(this as unknown as Metric);
  }

  /** Observes `value` for the label values `key` holds, in the order of `labelNames` (see `tallyKey`). */
  observe(key: string, value: number): void {
    // prom-client refuses such a value by throwing, which an engine listener must not.
    if (!Number.isFinite(value)) return;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { labels: labelsOfKey(this.labelNames, key), buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.tallies.set(key, tally);
    }
    let bucket = 0;
    while (bucket < this.bounds.length && value > (this.bounds[bucket] as number)) bucket++;
    tally.buckets[bucket] = (tally.buckets[bucket] as number) + 1;
    tally.sum += value;
    tally.count++;
  }

  /** What the registry reads to write the text format: each series' labels shared, as prom-client's histogram gives them. */
  async getForPromString(): Promise<Snapshot<PromSample>> {
    const values: PromSample[] = [];
    const bucket = `${this.name}_bucket`;
    for (const { labels, buckets, sum, count } of this.tallies.values()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += buckets[i] as number;
        values.push({ labels: { le }, sharedLabels: labels, value: cumulative, metricName: bucket });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels: labels, value: count, metricName: bucket });
      values.push({ labels: {}, sharedLabels: labels, value: sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels: labels, value: count, metricName: `${this.name}_count` });
    }
    return this.snapshot(values);
  }

  async get(): Promise<Snapshot<Sample>> {
    const { values } = await this.getForPromString();
    return this.snapshot(values.map(({ labels, sharedLabels, ...sample }) => ({ ...sample, labels: { ...labels, ...sharedLabels } })));
  }

  reset(): void {
    this.tallies = new Map();
  }

  private snapshot<S>(values: S[]): Snapshot<S> {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
