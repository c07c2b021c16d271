import { PatternError } from '../errors.ts';
import type { OpDefinition, PrepareEnv } from '../ops/define-op.ts';
import { type SplitConfig, splitNodeConfig } from '../ops/node-config.ts';
import type { NodePorts } from '../ops/node-ports.ts';
import { prepareNode } from '../ops/prepare-node.ts';
import type { RunRecord } from './record.ts';
import { REDACTED, Redactor } from './redactor.ts';
import { Taint, type TaintPlan } from './taint.ts';

export { REDACTED, Redactor };

/** What the engine may ask of the host's secrets: whether one exists (at compile time) and its value (when a node runs). */
export interface SecretSource {
  has(name: string): boolean;
  /** The value, or undefined when there is no such secret (any more). */
  reveal(name: string): Promise<string | undefined>;
}

/** What of a plan node its secrets concern. */
export interface SecretNode {
  index: number;
  id: string;
  op: OpDefinition;
  ports: NodePorts;
  constants: Record<string, unknown>;
  secrets?: SecretRef[];
}

/** Where a node's config refers to a secret, as `{ "$secret": "name" }`, relative to the config. */
export interface SecretRef {
  at: PropertyKey[];
  name: string;
}

/** Headers that carry credentials, in requests and answers: run records show `[redacted]` for their values. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/**
 * A run's redactor: its parent's, so that a value either one reveals stays out of both records,
 * else its own. An input that is a request (a route's, or one given the same shape) puts the
 * caller's bearer token and cookies in it before the first record is written. A run called by a
 * node holding a value derived from a secret treats its input as derived too.
 */
export function runRedactor(run: {
  id: string;
  plan: TaintPlan;
  input: unknown;
  parent?: { runId: string; nodeId: string; redactor: Redactor } | undefined;
}): Redactor {
  const { parent, input } = run;
  const redactor = parent?.redactor ?? new Redactor();
  if (parent) Taint.ofCalled({ id: run.id, plan: run.plan, redactor }, parent);
  const headers = input !== null && typeof input === 'object' ? (input as { headers?: unknown }).headers : undefined;
  if (headers === null || typeof headers !== 'object') return redactor;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && CREDENTIAL_HEADERS.has(name.toLowerCase())) redactor.add(value);
  }
  return redactor;
}

/** Stands for a secret while a workflow is validated: the value is not known before the node runs. */
const PLACEHOLDER = 'secret';

export function isSecretRef(value: unknown): value is { $secret: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$secret' && typeof (value as { $secret: unknown }).$secret === 'string';
}

/** Every secret reference in a node's config, at any depth. */
export function findSecretRefs(config: Record<string, unknown> | undefined): SecretRef[] {
  const refs: SecretRef[] = [];
  if (!config) return refs;
  // A stack, not recursion, and each place linked to its parent: a config may nest deeper than the call stack goes.
  interface Place {
    value: unknown;
    key: PropertyKey | undefined;
    parent: Place | undefined;
  }
  const pathOf = (place: Place): PropertyKey[] => {
    const at: PropertyKey[] = [];
    for (let p: Place | undefined = place; p?.key !== undefined; p = p.parent) at.push(p.key);
    return at.reverse();
  };
  const pending: Place[] = [{ value: config, key: undefined, parent: undefined }];
  for (let place = pending.pop(); place !== undefined; place = pending.pop()) {
    const { value } = place;
    if (isSecretRef(value)) refs.push({ at: pathOf(place), name: value.$secret });
    else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], key: i, parent: place });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i] as [string, unknown];
        pending.push({ value: item, key, parent: place });
      }
    }
  }
  return refs;
}

/** The config with each reference replaced: by a placeholder while validating, by the value when the node runs. */
export function withSecrets(config: Record<string, unknown>, refs: SecretRef[], fill: (ref: SecretRef) => string): Record<string, unknown> {
  const copy = structuredClone(config);
  for (const ref of refs) {
    const parent = ref.at.slice(0, -1).reduce<unknown>((at, key) => (at as Record<PropertyKey, unknown>)[key], copy) as Record<PropertyKey, unknown>;
    parent[ref.at[ref.at.length - 1] as PropertyKey] = fill(ref);
  }
  return copy;
}

/**
 * Validates a config that refers to secrets as if each were a string: a problem with a secret's
 * place is left for the run to find, once the value is known. Constants that failed only for
 * their placeholder are kept as placeholders, so the input still counts as given.
 */
export function splitWithSecrets(op: OpDefinition, config: Record<string, unknown>, ports: NodePorts, refs: SecretRef[]): SplitConfig {
  const placeheld = withSecrets(config, refs, () => PLACEHOLDER);
  const split = splitNodeConfig(op, placeheld, ports);
  for (const ref of refs) {
    const key = String(ref.at[0]);
    if (ports.inputByName.has(key) && !(key in split.constants)) split.constants[key] = placeheld[key];
  }
  return { ...split, problems: split.problems.filter((p) => !concernsSecret(p.at, refs)) };
}

/** Whether a problem found with placeholders concerns a secret's value, which only the run can judge. */
function concernsSecret(at: PropertyKey[], refs: SecretRef[]): boolean {
  return refs.some((ref) => {
    const shorter = Math.min(at.length, ref.at.length);
    return ref.at.length > 0 && ref.at.slice(0, shorter).every((key, i) => String(key) === String(at[i]));
  });
}

/** What of a run its secrets concern: where values are revealed, and what they taint. */
export interface SecretRun {
  readonly id: string;
  readonly plan: TaintPlan & { readonly workflow: { readonly nodes: ReadonlyArray<{ config?: Record<string, unknown> | undefined }> } };
  readonly host: { readonly secrets?: SecretSource; readonly prepareEnv: PrepareEnv };
  readonly redactor: Redactor;
}

/**
 * Right before a node runs: reveals its secrets, parses its config with the values, puts the
 * constants among the node's input values, and hands back the settings and prepared value to run
 * it with. Every value revealed is remembered by the run's redactor first, so no record of the
 * run can carry it, and the node is tainted where the values went, so neither can what it makes of them.
 */
export async function withNodeSecrets(
  node: SecretNode,
  values: Record<string, unknown>,
  run: SecretRun,
): Promise<{ settings: unknown; prepared: unknown }> {
  const { redactor } = run;
  const config = run.plan.workflow.nodes[node.index]?.config;
  const source = run.host.secrets;
  const env = run.host.prepareEnv;
  const refs = node.secrets ?? [];
  const revealed = new Map<string, string>();
  for (const { name } of refs) {
    if (revealed.has(name)) continue;
    const value = await source?.reveal(name);
    if (value === undefined) throw new PatternError('unknown_secret', `${node.id}: there is no secret "${name}"`, { secret: name });
    redactor.add(value);
    revealed.set(name, value);
  }
  Taint.of(run).reveal(
    node.index,
    refs.map((ref) => String(ref.at[0])),
  );
  const split = splitNodeConfig(
    node.op,
    withSecrets(config ?? {}, refs, (ref) => revealed.get(ref.name) as string),
    node.ports,
  );
  const problem = split.problems[0];
  if (problem) throw new PatternError('config_invalid', `${node.id}: ${problem.message}`, { at: problem.at.map(String) });
  const prepared = prepareNode(node.op, split.settings, split.constants, env);
  if (!prepared.ok) throw new PatternError('config_invalid', `${node.id}: ${prepared.problems[0]?.message}`, { problems: prepared.problems });
  // A constant the compile kept as a placeholder takes its value, unless an edge brought one instead.
  for (const key of new Set(refs.map((ref) => String(ref.at[0])))) {
    if (key in split.constants && values[key] === node.constants[key]) values[key] = split.constants[key];
  }
  return { settings: split.settings, prepared: prepared.prepared };
}

/** A copy of a record with every value the run must not let out replaced. */
export function redactRecord(record: RunRecord, redactor: Redactor): RunRecord {
  const { graph, ...rest } = record;
  const copy = redactor.apply(rest);
  return graph ? { ...copy, graph: redactor.graph(graph) } : copy;
}
