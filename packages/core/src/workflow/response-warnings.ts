import { httpRequest, httpResponse } from '../base-ops/http.ts';
import { ERROR_PORT } from '../ops/define-op.ts';
import type { Plan, PlanNode } from './compile.ts';
import type { Problem } from './problem.ts';

/** Why a node may not run: the first output on its way that a run can leave unset. */
type Reason = { node: string; port: string; why: string } | undefined;

/**
 * An output a run can leave unset: the error port, a port an op declares from its config (a
 * switch's cases), or one that some example of the op goes without (a branch's other side, a
 * lost race's `current`).
 */
function conditional(node: PlanNode, port: string): string | undefined {
  if (port === ERROR_PORT) return 'its failure path';
  if (!node.op.outputs.some((p) => p.name === port)) return 'one of its cases';
  if (node.op.examples.some((example) => example.outputs && !(port in example.outputs))) return 'an output it does not always give';
  return undefined;
}

/**
 * Warnings for a route whose `http.response` a run can skip (behind a branch, a lease result, a
 * failure path): such a run would answer `500 no_response`. They never keep a workflow from running.
 */
export function responseWarnings(plan: Plan): Problem[] {
  if (!plan.nodes.some((node) => node.op.name === httpRequest.name)) return [];
  const incoming = plan.nodes.map(() => [] as Array<{ from: PlanNode; port: string }>);
  for (const node of plan.nodes) for (const { port, to } of node.targets) for (const target of to) incoming[target.node]?.push({ from: node, port });
  const reasons = new Map<number, Reason>();
  // Iterative, in dependency order from each response, so a deep graph cannot overflow the stack.
  const reasonOf = (start: number): Reason => {
    const stack = [start];
    while (stack.length > 0) {
      const index = stack[stack.length - 1] as number;
      if (reasons.has(index)) {
        stack.pop();
        continue;
      }
      const edges = incoming[index] ?? [];
      const pending = edges.filter((e) => !reasons.has(e.from.index));
      if (pending.length > 0) {
        stack.push(...pending.map((e) => e.from.index));
        continue;
      }
      const each = edges.map(({ from, port }): Reason => {
        const why = conditional(from, port);
        return why ? { node: from.id, port, why } : reasons.get(from.index);
      });
      const node = plan.nodes[index] as PlanNode;
      // A node that waits for any input is skipped only when all of them are.
      const reason = node.op.waitFor === 'any' ? (each.every(Boolean) ? each[0] : undefined) : each.find(Boolean);
      reasons.set(index, reason);
      stack.pop();
    }
    return reasons.get(start);
  };
  const warnings: Problem[] = [];
  for (const node of plan.nodes) {
    if (node.op.name !== httpResponse.name) continue;
    const reason = reasonOf(node.index);
    if (!reason) continue;
    warnings.push({
      code: 'response_skippable',
      severity: 'warning',
      path: `nodes[${node.index}]`,
      nodeId: node.id,
      message: `${node.id} can be skipped: it depends on ${reason.node}.${reason.port}, ${reason.why}; a run that skips it answers 500 no_response`,
    });
  }
  return warnings;
}
