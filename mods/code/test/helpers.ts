import { createEngine, type Engine, type RunRecord } from '@pattern/core';
import { codeMod } from '../src/index.ts';

/** An engine with the code mod, its calls limited to `timeoutMs` so the limit tests stay short. */
export async function codeEngine(options: { timeoutMs?: number; memoryBytes?: number } = {}): Promise<Engine> {
  const engine = createEngine({ mods: [codeMod], modOptions: { code: { timeoutMs: 300, ...options } } });
  await engine.start();
  return engine;
}

export interface PortDecl {
  name: string;
  schema?: Record<string, unknown>;
}

/** flow.input → code.js (one input `value`, one output `result`) → flow.output. */
export function codeWorkflow(source: string, ports: { inputs?: PortDecl[]; outputs?: PortDecl[] } = {}) {
  const inputs = ports.inputs ?? [{ name: 'value' }];
  const outputs = ports.outputs ?? [{ name: 'result' }];
  return {
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'js', op: 'code.js', config: { source, inputs, outputs } },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [
      { from: { node: 'in', port: 'value' }, to: { node: 'js', port: inputs[0]?.name ?? 'value' } },
      { from: { node: 'js', port: outputs[0]?.name ?? 'result' }, to: { node: 'out', port: 'value' } },
    ],
  };
}

export function runCode(engine: Engine, source: string, input: unknown = null): Promise<RunRecord> {
  return engine.run({ workflow: codeWorkflow(source), input });
}
