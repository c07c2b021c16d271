import { createHash } from 'node:crypto';
import type { Workflow } from './schema.ts';

/** JSON with object keys sorted at every depth: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    // A null prototype keeps a `__proto__` key as data instead of setting the object's prototype.
    const sorted: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(v as Record<string, unknown>).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * What the engine runs, and nothing else: node ids, ops, config and retry policies, the wiring,
 * the error workflow and durability. Positions, labels, names, edge ids and editor state are left out, and
 * nodes and edges are put in a fixed order, so moving a node or reordering the file never changes
 * a workflow's hash.
 */
export function engineContent(workflow: Workflow): unknown {
  const edgeKey = (e: Workflow['edges'][number]) => `${e.from.node}\u0000${e.from.port}\u0000${e.to.node}\u0000${e.to.port}`;
  return {
    id: workflow.id ?? null,
    // Set only when present, so the hash of a workflow without them stays what it was.
    ...(workflow.onError !== undefined ? { onError: workflow.onError } : {}),
    ...(workflow.durable ? { durable: true } : {}),
    nodes: workflow.nodes
      .map((n) => ({ id: n.id, op: n.op, config: n.config ?? {}, ...(n.retry ? { retry: n.retry } : {}) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    edges: workflow.edges
      .map((e) => ({ from: e.from, to: e.to }))
      .sort((a, b) => {
        const x = edgeKey(a);
        const y = edgeKey(b);
        return x < y ? -1 : x > y ? 1 : 0;
      }),
  };
}

export function workflowHash(workflow: Workflow): string {
  return sha256(canonicalJson(engineContent(workflow)));
}
