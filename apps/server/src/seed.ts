import type { Engine, WorkflowInput } from '@pattern/core';

/** The workflow a first start creates, so a new user has a route to call right away. */
export const helloWorkflow: WorkflowInput = {
  id: 'hello',
  name: 'Hello',
  description: 'Answers GET /hello/:name with a greeting.',
  nodes: [
    { id: 'request', op: 'http.request', config: { method: 'GET', path: '/hello/:name', params: { name: 'string' } }, position: { x: 0, y: 0 } },
    { id: 'greet', op: 'string.template', config: { template: 'Hello, {{ name }}!' }, position: { x: 320, y: 0 } },
    { id: 'response', op: 'http.response', config: { status: 200 }, position: { x: 640, y: 0 } },
  ],
  edges: [
    { from: { node: 'request', port: 'params' }, to: { node: 'greet', port: 'data' } },
    { from: { node: 'greet', port: 'text' }, to: { node: 'response', port: 'body' } },
  ],
  tests: [
    {
      name: 'greets by name',
      input: { method: 'GET', path: '/hello/Ada', params: { name: 'Ada' } },
      expect: { status: 'ok', nodes: { greet: { outputs: { text: 'Hello, Ada!' } }, response: { status: 'ok' } } },
    },
    {
      name: 'greets anyone',
      input: { params: { name: 'world' } },
      expect: { nodes: { greet: { outputs: { text: 'Hello, world!' } } } },
    },
  ],
};

export async function seedFirstStart(engine: Engine): Promise<void> {
  await engine.workflows.save('hello', helloWorkflow);
}
