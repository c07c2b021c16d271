import { ERROR_PORT, type OpDefinition } from '../ops/define-op.ts';
import type { DerivedTrace, DerivedTracker, Redactor } from './redactor.ts';

/**
 * A derived string shorter than this stays visible: too short to disguise a credential worth
 * having, and hiding it would hide ordinary words wherever else they appear in a record.
 */
export const MIN_DERIVED_LENGTH = 8;

/** Stands for the run's input among a node's tainted keys: what a tainted node hands a run it calls. */
const RUN_INPUT = '$input';

/** What of a plan node the taint concerns (a `PlanNode` is one). */
export interface TaintNode {
  index: number;
  id: string;
  op: Pick<OpDefinition, 'declassifies'>;
  settings: unknown;
  targets: ReadonlyArray<{ port: string; to: ReadonlyArray<{ node: number; port: string; control: boolean }> }>;
}

/** What of a plan the taint concerns (a `Plan` is one). */
export interface TaintPlan {
  nodes: readonly TaintNode[];
  roots: readonly number[];
}

/**
 * Which nodes of a run hold values derived from a secret, and through which of their inputs (or
 * config keys) it came. A node that reveals a secret is tainted at the keys that referred to it;
 * a node handed a value by a tainted node, at that input. When a tainted node completes, the
 * strings of its outputs become secrets of the run, and what it hands on is tainted, unless its
 * op declassifies every key it was tainted at: a digest or a signature recovers nothing of its
 * key. A run makes one only when it reveals a secret, or when a tainted node calls it.
 */
export class Taint implements DerivedTracker {
  private readonly keys: Array<Set<string> | undefined>;

  private constructor(
    private readonly plan: TaintPlan,
    private readonly redactor: Redactor,
  ) {
    this.keys = new Array(plan.nodes.length);
  }

  /** The run's tracker, made on first need. */
  static of(run: { readonly id: string; readonly plan: TaintPlan; readonly redactor: Redactor }): Taint {
    const known = run.redactor.tracker(run.id);
    if (known instanceof Taint) return known;
    const taint = new Taint(run.plan, run.redactor);
    run.redactor.track(run.id, taint);
    return taint;
  }

  /**
   * A run a tainted node calls reads a value derived from a secret as its input, so every node
   * that starts it (the one that hands the input to the graph among them) is tainted.
   */
  static ofCalled(
    run: { readonly id: string; readonly plan: TaintPlan; readonly redactor: Redactor },
    caller: { runId: string; nodeId: string },
  ): void {
    if (!run.redactor.tracker(caller.runId)?.derives(caller.nodeId)) return;
    const taint = Taint.of(run);
    for (const root of run.plan.roots) taint.mark(root, RUN_INPUT);
  }

  /** The secrets a node's config refers to were filled in at these keys. */
  reveal(index: number, keys: Iterable<string>): void {
    for (const key of keys) this.mark(index, key);
  }

  derives(nodeId: string): boolean {
    const node = this.plan.nodes.find((n) => n.id === nodeId);
    return node !== undefined && this.keys[node.index] !== undefined;
  }

  nodeChanged(index: number, status: string, trace: DerivedTrace | undefined): void {
    const node = this.plan.nodes[index];
    const keys = this.keys[index];
    if (!node || !keys || declassifiesAll(node.op, keys)) return;
    if (status === 'ok') {
      this.learn(node, keys, trace?.inputs, [trace?.outputs, ...(trace?.calls ?? []).map((call) => call.outputs)]);
      this.spread(node, (port) => port !== ERROR_PORT);
    } else if (status === 'error') this.spread(node, (port) => port === ERROR_PORT);
  }

  /**
   * Each part of an output string not hidden yet joins the run's secrets, unless an input shows it
   * already: an input that carried no taint, or the visible part of one that did (a tainted node
   * upstream judged that part, so a node that passes a value on does not hide more of it).
   */
  private learn(node: TaintNode, keys: ReadonlySet<string>, inputs: Record<string, unknown> | undefined, outputs: unknown): void {
    const known: string[] = [];
    const keep = (text: string) => known.push(text);
    const keepVisible = (text: string) => {
      for (const piece of this.redactor.visible(text)) if (piece !== '') known.push(piece);
    };
    for (const [key, value] of Object.entries(inputs ?? {})) eachString(value, keys.has(key) ? keepVisible : keep);
    const settings = node.settings !== null && typeof node.settings === 'object' ? node.settings : {};
    for (const [key, value] of Object.entries(settings)) eachString(value, keys.has(key) ? keepVisible : keep);
    const derived: string[] = [];
    eachString(outputs, (text) => {
      for (const piece of this.redactor.visible(text)) {
        if (piece.length >= MIN_DERIVED_LENGTH && !known.some((given) => given.includes(piece))) derived.push(piece);
      }
    });
    this.redactor.addAll(derived);
  }

  private spread(node: TaintNode, through: (port: string) => boolean): void {
    for (const { port, to } of node.targets) {
      if (!through(port)) continue;
      for (const target of to) if (!target.control) this.mark(target.node, target.port);
    }
  }

  private mark(index: number, key: string): void {
    const keys = this.keys[index];
    if (keys) keys.add(key);
    else this.keys[index] = new Set([key]);
  }
}

function declassifiesAll(op: Pick<OpDefinition, 'declassifies'>, keys: ReadonlySet<string>): boolean {
  const declared = op.declassifies;
  if (declared === true) return true;
  if (!declared) return false;
  for (const key of keys) if (!declared.includes(key)) return false;
  return true;
}

/**
 * Calls `visit` with every string value in a JSON-like value. Keys are a value's shape, not its
 * data, and are left out. A stack, since values may nest deeper than the call stack goes.
 */
function eachString(value: unknown, visit: (text: string) => void): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') visit(item);
    else if (Array.isArray(item)) for (const inner of item) pending.push(inner);
    else if (item !== null && typeof item === 'object') for (const inner of Object.values(item)) pending.push(inner);
  }
}
