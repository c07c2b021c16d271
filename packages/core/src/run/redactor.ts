/** What run history, events, logs and errors show instead of a value that must stay secret. */
export const REDACTED = '[redacted]';

/** What of a node's trace the taint reads: what the node was given, what it made, and what the ops it called made (`ctx.call`). */
export interface DerivedTrace {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  calls?: ReadonlyArray<{ outputs?: unknown }>;
}

/** Follows which values of one run derive from a secret (taint.ts), so the redactor learns them. */
export interface DerivedTracker {
  /** Every status change of a node, before what it emitted is recorded or handed on. */
  nodeChanged(index: number, status: string, trace: DerivedTrace | undefined): void;
  /** Whether a node's values derive from a secret. */
  derives(nodeId: string): boolean;
}

/**
 * The values a run must not let out, and their removal: any string that is or contains one
 * reads `[redacted]` there instead. Longer values are replaced first, so a secret that contains
 * another is not half-replaced.
 */
export class Redactor {
  private values: string[] = [];
  /** For each run sharing this redactor that handles a secret, what follows the values derived from it. */
  private trackers: Map<string, DerivedTracker> | undefined;
  /** The graph as last redacted, and for how many values: each record of a run then shares one graph object, as stores expect. */
  private graphCache: { source: object; count: number; redacted: unknown } | undefined;

  constructor(inherited?: Redactor) {
    if (inherited) this.values = [...inherited.values];
  }

  get active(): boolean {
    return this.values.length > 0;
  }

  add(value: string): void {
    this.addAll([value]);
  }

  addAll(values: readonly string[]): void {
    const before = this.values.length;
    for (const value of values) if (value !== '' && value !== REDACTED && !this.values.includes(value)) this.values.push(value);
    if (this.values.length !== before) this.values.sort((a, b) => b.length - a.length);
  }

  /** The parts of a text the redactor leaves visible. */
  visible(text: string): string[] {
    return this.text(text).split(REDACTED);
  }

  /** The run's tracker of derived values; none for a run that handles no secret, which so pays nothing. */
  tracker(runId: string): DerivedTracker | undefined {
    return this.trackers?.get(runId);
  }

  track(runId: string, tracker: DerivedTracker): void {
    (this.trackers ??= new Map()).set(runId, tracker);
  }

  text(text: string): string {
    let out = text;
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }

  /** A copy of a JSON-like value with every secret replaced, in keys as in values. */
  apply<T>(value: T): T {
    if (!this.active) return value;
    return this.copy(value) as T;
  }

  /** A node config holds references to secrets, but a credential may be written in it as a constant. */
  graph<G extends object>(graph: G): G {
    const cached = this.graphCache;
    if (cached && cached.source === graph && cached.count === this.values.length) return cached.redacted as G;
    const redacted = this.apply(graph);
    this.graphCache = { source: graph, count: this.values.length, redacted };
    return redacted;
  }

  private copy(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.copy(item));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // Defined, not assigned: a `__proto__` key stays data instead of setting the copy's prototype.
      Object.defineProperty(out, this.text(key), { value: this.copy(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}
