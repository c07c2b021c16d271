import type { Workflow } from '../../api/types.ts';

type WorkflowNode = Workflow['nodes'][number];
type WorkflowEdge = Workflow['edges'][number];

/** One value that differs, located by a path into the config: `headers.accept`, `items[2].price`. */
export interface FieldChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}

export interface NodeChange {
  id: string;
  before: WorkflowNode;
  after: WorkflowNode;
  /** Set when the node runs another op under the same id. */
  op?: { before: string; after: string };
  label?: { before: string | undefined; after: string | undefined };
  config: FieldChange[];
}

export interface WorkflowDiff {
  nodesAdded: WorkflowNode[];
  nodesRemoved: WorkflowNode[];
  nodesChanged: NodeChange[];
  /** Nodes that only moved: shown for orientation, never counted as a change of what runs. */
  nodesMoved: string[];
  edgesAdded: WorkflowEdge[];
  edgesRemoved: WorkflowEdge[];
  /** Name and description. */
  meta: FieldChange[];
  /** Nothing the engine runs differs (moves and renames aside). */
  sameEngineContent: boolean;
}

export function edgeKey(edge: WorkflowEdge): string {
  return `${edge.from.node}.${edge.from.port}->${edge.to.node}.${edge.to.port}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep equality of JSON values; object key order does not matter, array order does. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const part = IDENTIFIER.test(key) ? key : JSON.stringify(key);
  return parent === '' ? part : IDENTIFIER.test(key) ? `${parent}.${part}` : `${parent}[${part}]`;
}

/**
 * Field-by-field differences: objects are walked key by key and arrays index by index, so a
 * change deep in a nested setting names that setting, not the whole value around it.
 */
export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (sameValue(before, after)) return [];
  if (before === undefined) return [{ path, kind: 'added', before, after }];
  if (after === undefined) return [{ path, kind: 'removed', before, after }];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], childPath(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    const changes: FieldChange[] = [];
    for (let i = 0; i < length; i++) changes.push(...diffValues(before[i], after[i], childPath(path, i)));
    return changes;
  }
  return [{ path, kind: 'changed', before, after }];
}

function emptyToUndefined(config: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return config && Object.keys(config).length > 0 ? config : undefined;
}

/** What changed from `before` to `after`: nodes and edges by identity (node id; edge ends), config field by field. */
export function diffWorkflows(before: Workflow, after: Workflow): WorkflowDiff {
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const nodesAdded = after.nodes.filter((n) => !beforeNodes.has(n.id));
  const nodesRemoved = before.nodes.filter((n) => !afterNodes.has(n.id));
  const nodesChanged: NodeChange[] = [];
  const nodesMoved: string[] = [];
  for (const next of after.nodes) {
    const previous = beforeNodes.get(next.id);
    if (!previous) continue;
    const config = diffValues(emptyToUndefined(previous.config) ?? {}, emptyToUndefined(next.config) ?? {});
    const change: NodeChange = { id: next.id, before: previous, after: next, config };
    if (previous.op !== next.op) change.op = { before: previous.op, after: next.op };
    if ((previous.label ?? undefined) !== (next.label ?? undefined)) change.label = { before: previous.label, after: next.label };
    if (change.op || change.label || config.length > 0) nodesChanged.push(change);
    else if (!sameValue(previous.position, next.position)) nodesMoved.push(next.id);
  }
  const beforeEdges = new Map((before.edges ?? []).map((e) => [edgeKey(e), e]));
  const afterEdges = new Map((after.edges ?? []).map((e) => [edgeKey(e), e]));
  const edgesAdded = [...afterEdges].filter(([key]) => !beforeEdges.has(key)).map(([, e]) => e);
  const edgesRemoved = [...beforeEdges].filter(([key]) => !afterEdges.has(key)).map(([, e]) => e);
  const meta = [...diffValues(before.name, after.name, 'name'), ...diffValues(before.description, after.description, 'description')];
  const sameEngineContent =
    nodesAdded.length === 0 &&
    nodesRemoved.length === 0 &&
    nodesChanged.every((c) => !c.op && c.config.length === 0) &&
    edgesAdded.length === 0 &&
    edgesRemoved.length === 0;
  return { nodesAdded, nodesRemoved, nodesChanged, nodesMoved, edgesAdded, edgesRemoved, meta, sameEngineContent };
}

export type DiffMark = 'added' | 'removed' | 'changed';

/**
 * Both graphs in one, to draw the diff on the canvas: every node and edge of `after`, plus the
 * removed ones where they were, each marked with what happened to it.
 */
export function mergeForDisplay(
  after: Workflow,
  diff: WorkflowDiff,
): { workflow: Workflow; nodeMarks: Map<string, DiffMark>; edgeMarks: Map<string, DiffMark> } {
  const nodeMarks = new Map<string, DiffMark>();
  for (const n of diff.nodesAdded) nodeMarks.set(n.id, 'added');
  for (const n of diff.nodesRemoved) nodeMarks.set(n.id, 'removed');
  for (const c of diff.nodesChanged) nodeMarks.set(c.id, 'changed');
  const edgeMarks = new Map<string, DiffMark>();
  for (const e of diff.edgesAdded) edgeMarks.set(edgeKey(e), 'added');
  for (const e of diff.edgesRemoved) edgeMarks.set(edgeKey(e), 'removed');
  return {
    workflow: {
      ...after,
      nodes: [...after.nodes, ...diff.nodesRemoved],
      edges: [...(after.edges ?? []), ...diff.edgesRemoved],
    },
    nodeMarks,
    edgeMarks,
  };
}

export function countChanges(diff: WorkflowDiff): number {
  return (
    diff.nodesAdded.length +
    diff.nodesRemoved.length +
    diff.nodesChanged.length +
    diff.edgesAdded.length +
    diff.edgesRemoved.length +
    diff.meta.length
  );
}
