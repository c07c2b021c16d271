/** Small saved workflows the examples of the child-run ops call. */

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

/** Doubles `input.item` (the input `flow.map` hands each item). */
export const doubleItem = {
  id: 'double-item',
  name: 'Double an item',
  inputSchema: { type: 'object', required: ['item'], properties: { item: { type: 'number' }, index: { type: 'integer' } } },
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'item', op: 'object.get', config: { path: 'item' } },
    { id: 'times', op: 'math.multiply', config: { b: 2 } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'item', 'object'), edge('item', 'value', 'times', 'a'), edge('times', 'result', 'out', 'value')],
};

/** Parses `input` as JSON: fails on text that is not. */
export const parseText = {
  id: 'parse-text',
  name: 'Parse JSON text',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'parse', op: 'json.parse' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'parse', 'text'), edge('parse', 'value', 'out', 'value')],
};

/** Parses `input.item` as JSON: fails on text that is not. */
export const parseItem = {
  id: 'parse-item',
  name: 'Parse an item',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'item', op: 'object.get', config: { path: 'item' } },
    { id: 'parse', op: 'json.parse' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'item', 'object'), edge('item', 'value', 'parse', 'text'), edge('parse', 'value', 'out', 'value')],
};

/** Greets `input.name`. */
export const greet = {
  id: 'greet',
  name: 'Greet',
  inputSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'text', op: 'string.template', config: { template: 'Hello, {{ name }}!' } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'text', 'data'), edge('text', 'text', 'out', 'value')],
};

/** Says goodbye to `input.name`. */
export const farewell = {
  id: 'farewell',
  name: 'Farewell',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'text', op: 'string.template', config: { template: 'Goodbye, {{ name }}.' } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'text', 'data'), edge('text', 'text', 'out', 'value')],
};

/** Doubles a number; declares its input and output. */
export const double = {
  id: 'double',
  name: 'Double a number',
  inputSchema: { type: 'number' },
  outputSchema: { type: 'number' },
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'times', op: 'math.multiply', config: { b: 2 } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'times', 'a'), edge('times', 'result', 'out', 'value')],
};
