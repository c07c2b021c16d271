import { PatternError, toErrorBody } from '../errors.ts';
import { tooDeepEntry, type ValueLimits } from '../json/depth.ts';
import type { OpDefinition, PrepareEnv } from '../ops/define-op.ts';
import { splitNodeConfig } from '../ops/node-config.ts';
import { nodePorts } from '../ops/node-ports.ts';
import { prepareNode } from '../ops/prepare-node.ts';
import { prepareInputs } from './inputs.ts';
import { NodeContext } from './node-context.ts';
import type { NodeOwner } from './node-owner.ts';
import type { CallState, TraceState } from './trace.ts';

/**
 * `ctx.call`: runs another op inside a run, traced under the calling node. The op's config is
 * checked and prepared here, since no plan did it beforehand.
 */
export async function callOp(
  owner: NodeOwner,
  host: { lookup(op: string): OpDefinition | undefined; readonly prepareEnv: PrepareEnv; readonly limits: Readonly<ValueLimits> },
  nodeId: string,
  trace: TraceState,
  name: string,
  given: Record<string, unknown>,
  config: Record<string, unknown>,
  keySuffix: string,
): Promise<Record<string, unknown>> {
  const op = host.lookup(name);
  if (!op) throw new PatternError('unknown_op', `ctx.call: there is no op "${name}"`, { op: name });
  const declared = nodePorts(op, config);
  const split = splitNodeConfig(op, config, declared.ports);
  const problem = declared.problems[0] ?? split.problems[0];
  if (problem) {
    throw new PatternError('config_invalid', `ctx.call ${name}: ${problem.message}`, { problems: [...declared.problems, ...split.problems] });
  }
  const prepared = prepareNode(op, split.settings, split.constants, host.prepareEnv);
  if (!prepared.ok) {
    throw new PatternError('config_invalid', `ctx.call ${name}: ${prepared.problems[0]?.message}`, { problems: prepared.problems });
  }
  const inputs = prepareInputs(op, declared.ports.inputs, { ...split.constants, ...given });
  const call: CallState = { op: name, start: performance.now(), inputs };
  (trace.calls ??= []).push(call);
  try {
    const result = await op.run(inputs, new NodeContext(owner, nodeId, split.settings, trace, prepared.prepared, keySuffix));
    const outputs = (result ?? {}) as Record<string, unknown>;
    const deep = tooDeepEntry(outputs, host.limits.maxValueDepth, `ctx.call ${name}: output`);
    if (deep) throw deep;
    call.outputs = outputs;
    return outputs;
  } catch (error) {
    call.error = toErrorBody(error);
    throw error;
  } finally {
    call.end = performance.now();
  }
}
