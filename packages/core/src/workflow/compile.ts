import { httpRequest } from '../base-ops/http.ts';
import { DEFAULT_VALUE_LIMITS } from '../json/depth.ts';
import { ERROR_PORT, type OpDefinition, type PrepareEnv } from '../ops/define-op.ts';
import { describeTypes, typesCompatible } from '../ops/json-types.ts';
import { splitNodeConfig } from '../ops/node-config.ts';
import { type NodePorts, nodePorts } from '../ops/node-ports.ts';
import { prepareNode } from '../ops/prepare-node.ts';
import { findSecretRefs, type SecretRef, type SecretSource, splitWithSecrets } from '../run/secrets.ts';
import { formatPath, type Problem } from './problem.ts';
import { type Workflow, WorkflowSchema } from './schema.ts';

export interface Target {
  node: number;
  port: string;
  /** A control input: whatever arrives counts as a pulse. */
  control: boolean;
}

/** A node with everything the scheduler needs, derived once per workflow document. */
export interface PlanNode {
  index: number;
  id: string;
  op: OpDefinition;
  /** The op's ports and those the node's config declares. */
  ports: NodePorts;
  settings: unknown;
  constants: Record<string, unknown>;
  /** What the op's `prepare` derived for this node; handed to its runs as `ctx.prepared`. */
  prepared: unknown;
  /** How many input ports have an incoming edge. */
  wired: number;
  /** Wired output ports and where they lead. */
  targets: Array<{ port: string; to: Target[] }>;
  errorWired: boolean;
  /** Where the config refers to secrets; such a node parses its config again with their values when it runs. */
  secrets?: SecretRef[];
}

export interface Plan {
  workflow: Workflow;
  nodes: PlanNode[];
  /** Nodes with no wired input: they start the run. */
  roots: number[];
  /** `wired` of every node, copied by each run as its countdown of inputs still to arrive. */
  wiredCounts: Int32Array;
  /** What run records keep of the workflow: its nodes and edges. */
  graph: { nodes: Workflow['nodes']; edges: Workflow['edges'] };
}

export type OpLookup = (name: string) => OpDefinition | undefined;

/** The host's say on a route a workflow claims: why it may not serve it, or undefined when it may. */
export type RouteCheck = (method: string, path: string) => string | undefined;

export type CompileResult = { ok: true; plan: Plan; problems: [] } | { ok: false; problems: Problem[] };

export interface CompileOptions {
  /** Op names close to an unknown one, for "did you mean". */
  suggest?: (name: string) => string[];
  routeCheck?: RouteCheck;
  /** What ops' `prepare` may consult; without it, ops that need services see none and no workflow exists. */
  prepareEnv?: PrepareEnv;
  /** Which secrets exist; a reference to another one is an `unknown_secret` problem. Without it, none do. */
  secrets?: Pick<SecretSource, 'has'>;
}

const NO_SERVICES: PrepareEnv['services'] = {
  get(name: string): never {
    throw new Error(`no service "${name}" while compiling without an engine`);
  },
  has: () => false,
};

const BARE_ENV: PrepareEnv = { services: NO_SERVICES, limits: DEFAULT_VALUE_LIMITS, workflowExists: () => false };

/**
 * Validates a workflow document and, when it is sound, builds its plan. Every problem is
 * reported with its location, not only the first.
 */
export function compileWorkflow(document: unknown, lookup: OpLookup, options: CompileOptions = {}): CompileResult {
  const { suggest, routeCheck, prepareEnv = BARE_ENV, secrets } = options;
  const parsed = WorkflowSchema.safeParse(document);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        code: 'invalid_shape',
        path: formatPath(issue.path) || '(document)',
        message: `${formatPath(issue.path) || 'document'}: ${issue.message}`,
      })),
    };
  }
  const workflow = parsed.data;
  const problems: Problem[] = [];
  const indexById = new Map<string, number>();
  const nodes: Array<PlanNode | undefined> = [];

  workflow.nodes.forEach((node, i) => {
    if (indexById.has(node.id)) {
      problems.push({ code: 'duplicate_node', path: `nodes[${i}].id`, nodeId: node.id, message: `Node id "${node.id}" is used twice` });
      nodes.push(undefined);
      return;
    }
    indexById.set(node.id, i);
    const op = lookup(node.op);
    if (!op) {
      const close = suggest?.(node.op) ?? [];
      problems.push({
        code: 'unknown_op',
        path: `nodes[${i}].op`,
        nodeId: node.id,
        message: `Unknown op "${node.op}"${close.length ? ` (did you mean ${close.map((c) => `"${c}"`).join(', ')}?)` : ''}`,
      });
      nodes.push(undefined);
      return;
    }
    if (node.retry && op.retry === false) {
      problems.push({
        code: 'retry_refused',
        path: `nodes[${i}].retry`,
        nodeId: node.id,
        message: `${node.id}: ${op.name} must not run twice, so it takes no retry policy`,
      });
    }
    const declared = nodePorts(op, node.config);
    for (const p of declared.problems) {
      problems.push({
        code: 'config_invalid',
        path: formatPath(['nodes', i, 'config', ...p.at]),
        nodeId: node.id,
        message: `${node.id}: ${p.message}`,
      });
    }
    const refs = findSecretRefs(node.config);
    for (const ref of refs.filter((r) => !secrets?.has(r.name))) {
      const path = formatPath(['nodes', i, 'config', ...ref.at]);
      problems.push({ code: 'unknown_secret', path, nodeId: node.id, message: `${node.id}: there is no secret "${ref.name}"` });
    }
    const split = refs.length > 0 ? splitWithSecrets(op, node.config ?? {}, declared.ports, refs) : splitNodeConfig(op, node.config, declared.ports);
    // A port list already refused is not reported again by the config's own schema.
    const refusedLists = new Set(declared.problems.map((p) => p.at[0]));
    for (const p of split.problems) {
      if (refusedLists.has(p.at[0])) continue;
      problems.push({
        code: p.code,
        path: formatPath(['nodes', i, 'config', ...p.at]),
        nodeId: node.id,
        ...(p.port ? { port: p.port } : {}),
        message: `${node.id}: ${p.message}`,
      });
    }
    if (routeCheck && op.name === httpRequest.name && split.problems.length === 0) {
      const route = split.settings as { method: string; path: string };
      const refusal = routeCheck(route.method, route.path);
      if (refusal) problems.push({ code: 'route_reserved', path: `nodes[${i}].config.path`, nodeId: node.id, message: `${node.id}: ${refusal}` });
    }
    let prepared: unknown;
    // A node with secrets prepares when it runs, once their values are known.
    if (split.problems.length === 0 && declared.problems.length === 0 && refs.length === 0) {
      const result = prepareNode(op, split.settings, split.constants, prepareEnv);
      if (result.ok) prepared = result.prepared;
      else {
        for (const p of result.problems) {
          problems.push({
            code: p.code ?? 'config_invalid',
            path: formatPath(['nodes', i, 'config', ...p.at]),
            nodeId: node.id,
            message: `${node.id}: ${p.message}`,
          });
        }
      }
    }
    nodes.push({
      index: i,
      id: node.id,
      op,
      ports: declared.ports,
      settings: split.settings,
      constants: split.constants,
      prepared,
      wired: 0,
      targets: [],
      errorWired: false,
      ...(refs.length > 0 ? { secrets: refs } : {}),
    });
  });

  const wiredInputs = new Set<string>();
  const successors: number[][] = workflow.nodes.map(() => []);
  workflow.edges.forEach((edge, e) => {
    const fromIndex = indexById.get(edge.from.node);
    const toIndex = indexById.get(edge.to.node);
    if (fromIndex === undefined) {
      problems.push({
        code: 'unknown_node',
        path: `edges[${e}].from.node`,
        edge: e,
        message: `Edge ${e} starts at unknown node "${edge.from.node}"`,
      });
    }
    if (toIndex === undefined) {
      problems.push({ code: 'unknown_node', path: `edges[${e}].to.node`, edge: e, message: `Edge ${e} ends at unknown node "${edge.to.node}"` });
    }
    if (fromIndex === undefined || toIndex === undefined) return;
    const from = nodes[fromIndex];
    const to = nodes[toIndex];
    if (!from || !to) return;
    const out = from.ports.outputByName.get(edge.from.port);
    const input = to.ports.inputByName.get(edge.to.port);
    if (!out) {
      problems.push({
        code: 'unknown_port',
        path: `edges[${e}].from.port`,
        edge: e,
        nodeId: from.id,
        port: edge.from.port,
        message: `${from.op.name} has no output "${edge.from.port}" (outputs: ${from.ports.outputs.map((p) => p.name).join(', ')})`,
      });
    }
    if (!input) {
      problems.push({
        code: 'unknown_port',
        path: `edges[${e}].to.port`,
        edge: e,
        nodeId: to.id,
        port: edge.to.port,
        message: `${to.op.name} has no input "${edge.to.port}"${to.ports.inputs.length ? ` (inputs: ${to.ports.inputs.map((p) => p.name).join(', ')})` : ''}`,
      });
    }
    if (!out || !input) return;
    const key = `${to.id}\u0000${input.name}`;
    if (wiredInputs.has(key)) {
      problems.push({
        code: 'multi_source',
        path: `edges[${e}].to.port`,
        edge: e,
        nodeId: to.id,
        port: input.name,
        message: `Input "${input.name}" of ${to.id} already has an edge; an input takes one`,
      });
      return;
    }
    if (out.kind === 'control' && input.kind === 'value') {
      problems.push({
        code: 'schema_mismatch',
        path: `edges[${e}]`,
        edge: e,
        nodeId: to.id,
        port: input.name,
        message: `${from.id}.${out.name} is a control port and carries no value for ${to.id}.${input.name}`,
      });
      wiredInputs.add(key);
      return;
    }
    if (input.kind === 'value' && !typesCompatible(out.types, input.types)) {
      problems.push({
        code: 'schema_mismatch',
        path: `edges[${e}]`,
        edge: e,
        nodeId: to.id,
        port: input.name,
        message: `${from.id}.${out.name} gives ${describeTypes(out.types)} but ${to.id}.${input.name} takes ${describeTypes(input.types)}`,
      });
      wiredInputs.add(key);
      return;
    }
    wiredInputs.add(key);
    to.wired++;
    let bucket = from.targets.find((t) => t.port === out.name);
    if (!bucket) {
      bucket = { port: out.name, to: [] };
      from.targets.push(bucket);
    }
    bucket.to.push({ node: toIndex, port: input.name, control: input.kind === 'control' });
    if (out.name === ERROR_PORT) from.errorWired = true;
    successors[fromIndex]?.push(toIndex);
  });

  nodes.forEach((node, i) => {
    if (!node) return;
    for (const port of node.ports.inputs) {
      if (port.optional || wiredInputs.has(`${node.id}\u0000${port.name}`) || port.name in node.constants) continue;
      problems.push({
        code: 'missing_input',
        path: `nodes[${i}].config.${port.name}`,
        nodeId: node.id,
        port: port.name,
        message: `${node.id}: input "${port.name}" needs an edge or a value in config`,
      });
    }
  });

  if (workflow.onError !== undefined && !prepareEnv.workflowExists(workflow.onError)) {
    problems.push({ code: 'unknown_workflow', path: 'onError', message: `onError: there is no saved workflow "${workflow.onError}"` });
  }

  const cycle = findCycle(successors);
  if (cycle) {
    const names = cycle.map((i) => workflow.nodes[i]?.id ?? String(i));
    const first = names[0] as string;
    const edge = workflow.edges.findIndex((e) => e.from.node === names[names.length - 1] && e.to.node === first);
    problems.push({
      code: 'cycle',
      path: edge >= 0 ? `edges[${edge}]` : 'edges',
      nodeId: first,
      ...(edge >= 0 ? { edge } : {}),
      message: `The graph has a cycle: ${[...names, first].join(' → ')}`,
    });
  }

  if (problems.length > 0) return { ok: false, problems };
  const planNodes = nodes as PlanNode[];
  return {
    ok: true,
    problems: [],
    plan: {
      workflow,
      nodes: planNodes,
      roots: planNodes.filter((n) => n.wired === 0).map((n) => n.index),
      wiredCounts: Int32Array.from(planNodes, (n) => n.wired),
      graph: { nodes: workflow.nodes, edges: workflow.edges },
    },
  };
}

/** One cycle as a list of node indexes, or undefined for a DAG (iterative: deep graphs are fine). */
function findCycle(successors: number[][]): number[] | undefined {
  const state = new Uint8Array(successors.length);
  const parent = new Int32Array(successors.length).fill(-1);
  for (let start = 0; start < successors.length; start++) {
    if (state[start] !== 0) continue;
    const stack: Array<[number, number]> = [[start, 0]];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [node, next] = top;
      const list = successors[node] as number[];
      if (next >= list.length) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      top[1]++;
      const child = list[next] as number;
      if (state[child] === 1) {
        const cycle: number[] = [];
        for (let at = node; at !== -1; at = parent[at] as number) {
          cycle.push(at);
          if (at === child) break;
        }
        return cycle.reverse();
      }
      if (state[child] === 0) {
        state[child] = 1;
        parent[child] = node;
        stack.push([child, 0]);
      }
    }
  }
  return undefined;
}
