import type { Workflow } from '../../api/types.ts';
import { edgeKey, sameValue } from '../versions/workflow-diff.ts';

type WorkflowNode = Workflow['nodes'][number];

export type Pick = 'mine' | 'theirs';

/** A node both sides changed differently (or one changed and the other deleted): the person picks. */
export interface NodeConflict {
  id: string;
  mine: WorkflowNode | undefined;
  theirs: WorkflowNode | undefined;
}

export interface MergePlan {
  conflicts: NodeConflict[];
  /** Nodes only one side touched, taken from that side without asking. */
  fromTheirs: string[];
  fromMine: string[];
}

const byId = (document: Workflow | undefined) => new Map((document?.nodes ?? []).map((node) => [node.id, node]));

/** Compares both edits with the revision they started from, node by node. */
export function planMerge(base: Workflow | undefined, mine: Workflow, theirs: Workflow): MergePlan {
  const [b, m, t] = [byId(base), byId(mine), byId(theirs)];
  const plan: MergePlan = { conflicts: [], fromTheirs: [], fromMine: [] };
  for (const id of new Set([...m.keys(), ...t.keys(), ...b.keys()])) {
    const [was, my, their] = [b.get(id), m.get(id), t.get(id)];
    if (sameValue(my, their)) continue;
    if (sameValue(my, was)) plan.fromTheirs.push(id);
    else if (sameValue(their, was)) plan.fromMine.push(id);
    else plan.conflicts.push({ id, mine: my, theirs: their });
  }
  return plan;
}

/**
 * The merged document: every node from the side that changed it (or as chosen for a conflict),
 * an edge kept unless one side removed it, added when either side added it, and never one whose
 * end is gone. Workflow fields (name, description, tests) come from mine where mine changed them.
 */
export function mergeWorkflows(base: Workflow | undefined, mine: Workflow, theirs: Workflow, picks: Record<string, Pick> = {}): Workflow {
  const [m, t] = [byId(mine), byId(theirs)];
  const plan = planMerge(base, mine, theirs);
  const conflicted = new Map(plan.conflicts.map((c) => [c.id, c]));
  const nodeOf = (id: string): WorkflowNode | undefined => {
    const conflict = conflicted.get(id);
    if (conflict) return (picks[id] ?? 'mine') === 'mine' ? conflict.mine : conflict.theirs;
    return plan.fromTheirs.includes(id) ? t.get(id) : m.get(id);
  };
  const order = [...mine.nodes.map((n) => n.id), ...theirs.nodes.map((n) => n.id).filter((id) => !m.has(id))];
  const nodes = order.map(nodeOf).filter((node): node is WorkflowNode => node !== undefined);
  const present = new Set(nodes.map((node) => node.id));

  const baseEdges = new Set((base?.edges ?? []).map(edgeKey));
  const mineEdges = new Set(mine.edges.map(edgeKey));
  const theirEdges = new Set(theirs.edges.map(edgeKey));
  const seen = new Set<string>();
  const edges = [...mine.edges, ...theirs.edges].filter((edge) => {
    const key = edgeKey(edge);
    if (seen.has(key)) return false;
    seen.add(key);
    const removed = baseEdges.has(key) && (!mineEdges.has(key) || !theirEdges.has(key));
    return !removed && present.has(edge.from.node) && present.has(edge.to.node);
  });

  const fields: Record<string, unknown> = { ...theirs };
  for (const key of new Set([...Object.keys(mine), ...Object.keys(base ?? {})])) {
    if (key === 'nodes' || key === 'edges') continue;
    const my = (mine as Record<string, unknown>)[key];
    if (!sameValue(my, (base as Record<string, unknown> | undefined)?.[key])) {
      if (my === undefined) delete fields[key];
      else fields[key] = my;
    }
  }
  return { ...(fields as Workflow), nodes, edges };
}
