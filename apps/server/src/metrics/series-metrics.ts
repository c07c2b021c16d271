import type { Registry } from 'prom-client';

type Labels<L extends string> = Record<L, string | number>;

interface Sample {
  labels: Record<string, string | number>;
  sharedLabels?: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/**
 * A counter or histogram for the request path: each label set is resolved to its series once
 * and kept, so counting a request is a field increment, not prom-client's label validation and
 * hashing on every call. The registry formats what `get` answers exactly as it does prom-client's
 * own metrics of the same type, so the scrape reads the same.
 */
abstract class SeriesMetric<L extends string, S> {
  readonly aggregator = 'sum';
  abstract readonly type: 'counter' | 'histogram';
  private readonly series = new Map<string, { labels: Labels<L>; series: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    registers: Registry[],
  ) {
    for (const registry of registers) registry.registerMetric(this as never);
  }

  /** The series of `labels`, made on first use; callers keep it to skip even this lookup. */
  of(labels: Labels<L>): S {
    const key = this.labelNames.map((name) => labels[name]).join('\u0000');
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels: { ...labels }, series: this.fresh() };
      this.series.set(key, entry);
    }
    return entry.series;
  }

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const { labels, series } of this.series.values()) this.samples(labels, series, values);
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Zeroes every series in place, so series callers hold keep counting into the metric. */
  reset(): void {
    for (const { series } of this.series.values()) this.zero(series);
  }

  protected abstract fresh(): S;
  protected abstract zero(series: S): void;
  protected abstract samples(labels: Labels<L>, series: S, into: Sample[]): void;
}

export interface CounterSeries {
  value: number;
}

export class SeriesCounter<L extends string> extends SeriesMetric<L, CounterSeries> {
  readonly type = 'counter';

  protected fresh(): CounterSeries {
    return { value: 0 };
  }

  protected zero(series: CounterSeries): void {
    series.value = 0;
  }

  protected samples(labels: Labels<L>, series: CounterSeries, into: Sample[]): void {
    into.push({ labels, value: series.value });
  }
}

/** One label set's histogram: `observe(seconds)` finds the bucket and counts it. */
export class HistogramSeries {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    this.sum += value;
    this.count += 1;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= (bounds[i] as number)) {
        (this.counts[i] as number)++;
        return;
      }
    }
  }
}

export class SeriesHistogram<L extends string> extends SeriesMetric<L, HistogramSeries> {
  readonly type = 'histogram';
  private readonly bounds: readonly number[];

  constructor(name: string, help: string, labelNames: readonly L[], buckets: readonly number[], registers: Registry[]) {
    super(name, help, labelNames, registers);
    this.bounds = [...buckets].sort((a, b) => a - b);
  }

  protected fresh(): HistogramSeries {
    return new HistogramSeries(this.bounds);
  }

  protected zero(series: HistogramSeries): void {
    series.counts.fill(0);
    series.sum = 0;
    series.count = 0;
  }

  protected samples(labels: Labels<L>, series: HistogramSeries, into: Sample[]): void {
    const bucket = `${this.name}_bucket`;
    let cumulative = 0;
    this.bounds.forEach((le, i) => {
      cumulative += series.counts[i] as number;
      into.push({ labels: { le }, sharedLabels: labels, value: cumulative, metricName: bucket });
    });
    into.push({ labels: { le: '+Inf' }, sharedLabels: labels, value: series.count, metricName: bucket });
    into.push({ labels: {}, sharedLabels: labels, value: series.sum, metricName: `${this.name}_sum` });
    into.push({ labels: {}, sharedLabels: labels, value: series.count, metricName: `${this.name}_count` });
  }
}
