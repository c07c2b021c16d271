import type { Problem, Workflow } from '../api/types.ts';

export interface LocatedProblem extends Problem {
  /** The node the problem is drawn on, resolved from `nodeId`, `nodes[i]` or `edges[i]`. */
  target: string | undefined;
  /** The port it concerns on that node, if any. */
  targetPort: string | undefined;
}

export function locateProblems(problems: readonly Problem[], document: Workflow): LocatedProblem[] {
  return problems.map((problem) => {
    let target = problem.nodeId;
    let targetPort = problem.port;
    const nodeIndex = /^nodes\[(\d+)\]/.exec(problem.path)?.[1];
    if (target === undefined && nodeIndex !== undefined) target = document.nodes[Number(nodeIndex)]?.id;
    const edgeIndex = problem.edge ?? Number(/^edges\[(\d+)\]/.exec(problem.path)?.[1] ?? Number.NaN);
    if (!Number.isNaN(edgeIndex)) {
      const edge = document.edges[edgeIndex];
      const end = /\.from\b/.test(problem.path) ? edge?.from : edge?.to;
      target ??= end?.node;
      targetPort ??= end?.port;
    }
    if (targetPort === undefined) targetPort = /^nodes\[\d+\]\.config\.([A-Za-z0-9_]+)/.exec(problem.path)?.[1];
    return { ...problem, target, targetPort };
  });
}

export function groupByNode(problems: readonly LocatedProblem[]): Record<string, LocatedProblem[]> {
  const out: Record<string, LocatedProblem[]> = {};
  for (const problem of problems) {
    if (problem.target === undefined) continue;
    (out[problem.target] ??= []).push(problem);
  }
  return out;
}
