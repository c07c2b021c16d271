/** Small saved workflows the examples of the child-run ops call. */

/** One node of a chain: what it runs, and the ports the value enters and leaves it by. */
interface Step {
  id: string;
  op: string;
  config?: Record<string, unknown>;
  input: string;
  output: string;
}

interface ChainOptions {
  id: string;
  name: string;
  inputSchema?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
}

/** A workflow that passes its input through `steps` in turn and outputs what the last gives. */
function chain(options: ChainOptions, steps: Step[]) {
  let from = { node: 'in', port: 'value' };
  const edges: Array<{ from: typeof from; to: typeof from }> = [];
  for (const step of steps) {
    edges.push({ from, to: { node: step.id, port: step.input } });
    from = { node: step.id, port: step.output };
  }
  edges.push({ from, to: { node: 'out', port: 'value' } });
  return {
    ...options,
    nodes: [
      { id: 'in', op: 'flow.input' },
      ...steps.map(({ id, op, config }) => (config === undefined ? { id, op } : { id, op, config: { ...config } })),
      { id: 'out', op: 'flow.output' },
    ],
    edges,
  };
}

const getItem: Step = { id: 'item', op: 'object.get', config: { path: 'item' }, input: 'object', output: 'value' };
const timesTwo: Step = { id: 'times', op: 'math.multiply', config: { b: 2 }, input: 'a', output: 'result' };
const parse: Step = { id: 'parse', op: 'json.parse', input: 'text', output: 'value' };
const template = (text: string): Step => ({ id: 'text', op: 'string.template', config: { template: text }, input: 'data', output: 'text' });

/** Doubles `input.item` (the input `flow.map` hands each item). */
export const doubleItem = chain(
  {
    id: 'double-item',
    name: 'Double an item',
    inputSchema: { type: 'object', required: ['item'], properties: { item: { type: 'number' }, index: { type: 'integer' } } },
  },
  [getItem, timesTwo],
);

/** Parses `input` as JSON: fails on text that is not. */
export const parseText = chain({ id: 'parse-text', name: 'Parse JSON text' }, [parse]);

/** Parses `input.item` as JSON: fails on text that is not. */
export const parseItem = chain({ id: 'parse-item', name: 'Parse an item' }, [getItem, parse]);

/** Greets `input.name`. */
export const greet = chain(
  { id: 'greet', name: 'Greet', inputSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
  [template('Hello, {{ name }}!')],
);

/** Says goodbye to `input.name`. */
export const farewell = chain({ id: 'farewell', name: 'Farewell' }, [template('Goodbye, {{ name }}.')]);

/** Doubles a number; declares its input and output. */
export const double = chain({ id: 'double', name: 'Double a number', inputSchema: { type: 'number' }, outputSchema: { type: 'number' } }, [timesTwo]);
