import { describe, expect, it } from 'vitest';
import { createEngine, createLogger, type Engine, type RunEvent, type SecretSource } from '../src/index.ts';

const VALUE = 'sk_live_0123456789abcdef';

function source(values: Record<string, string>): SecretSource {
  return { has: (name) => name in values, reveal: async (name) => values[name] };
}

async function engineWith(values: Record<string, string>, lines: string[] = []): Promise<Engine> {
  const engine = createEngine({
    secrets: source(values),
    log: createLogger((level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)),
  });
  await engine.start();
  return engine;
}

const ref = (name: string) => ({ $secret: name });

describe('secret references in node config', () => {
  it('resolve to the value when the node runs, as a constant of an input port', async () => {
    const engine = await engineWith({ key: VALUE });
    const record = await engine.run({
      workflow: {
        nodes: [
          { id: 'greet', op: 'string.template', config: { template: 'Bearer {{ k }}', data: { k: ref('key') } } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [{ from: { node: 'greet', port: 'text' }, to: { node: 'out', port: 'value' } }],
      },
    });
    expect(record.status).toBe('ok');
    expect(record.output).toBe('Bearer [redacted]');
    expect(JSON.stringify(record)).not.toContain(VALUE);
    expect(record.nodes.greet?.outputs?.text).toBe('Bearer [redacted]');
    await engine.stop();
  });

  it('keeps the real value for what the run hands on: the output is redacted only in the record', async () => {
    const engine = await engineWith({ key: VALUE });
    const run = engine.startRun({
      workflow: { nodes: [{ id: 'out', op: 'flow.output', config: { value: { token: ref('key') } } }], edges: [] },
    });
    const record = await run.done;
    expect(run.output).toEqual({ token: VALUE });
    expect(record.output).toEqual({ token: '[redacted]' });
    await engine.stop();
  });

  it('redact the value inside longer strings, in errors and in the event stream', async () => {
    const engine = await engineWith({ key: VALUE });
    const events: RunEvent[] = [];
    const run = engine.startRun({
      workflow: { nodes: [{ id: 'fail', op: 'flow.fail', config: { message: ref('key') } }], edges: [] },
    });
    run.subscribe((event) => events.push(event));
    const record = await run.done;
    expect(record.status).toBe('error');
    expect(record.error?.message).toBe('[redacted]');
    expect(record.nodes.fail?.error?.message).toBe('[redacted]');
    expect(JSON.stringify(events)).not.toContain(VALUE);
    const nested = await engine.run({
      workflow: {
        nodes: [
          { id: 'say', op: 'string.concat', config: { a: 'token=', b: ref('key'), c: '!' } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [{ from: { node: 'say', port: 'text' }, to: { node: 'out', port: 'value' } }],
      },
    });
    expect(nested.output).toBe('token=[redacted]!');
    await engine.stop();
  });

  it('redact log lines, in the trace and in the server log', async () => {
    const lines: string[] = [];
    const engine = await engineWith({ key: VALUE }, lines);
    const record = await engine.run({
      workflow: {
        nodes: [
          { id: 'prefix', op: 'string.concat', config: { a: 'Bearer ', b: ref('key') } },
          { id: 'log', op: 'log', config: { message: 'calling' } },
        ],
        edges: [{ from: { node: 'prefix', port: 'text' }, to: { node: 'log', port: 'value' } }],
      },
    });
    expect(record.status).toBe('ok');
    expect(record.nodes.log?.logs?.[0]?.fields).toEqual({ value: 'Bearer [redacted]' });
    const logged = lines.find((line) => line.includes('calling'));
    expect(logged).toContain('Bearer [redacted]');
    expect(lines.join('\n')).not.toContain(VALUE);
    await engine.stop();
  });

  it('take a wired value over the placeholder when an edge feeds the same port', async () => {
    const engine = await engineWith({ key: VALUE });
    const record = await engine.run({
      workflow: {
        nodes: [
          { id: 'in', op: 'flow.input' },
          { id: 'out', op: 'flow.output', config: { value: ref('key') } },
        ],
        edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'out', port: 'value' } }],
      },
      input: 'from the edge',
    });
    expect(record.output).toBe('from the edge');
    await engine.stop();
  });

  it('are accepted where a string with rules is expected, and checked once the value is known', async () => {
    const engine = await engineWith({ code: 'not a code!', good: 'denied' });
    // flow.fail's code setting is a non-empty string; a reference passes validation in its place.
    const workflow = (name: string) => ({ nodes: [{ id: 'f', op: 'flow.fail', config: { code: ref(name), message: 'no' } }], edges: [] });
    expect(engine.validate(workflow('good'))).toEqual([]);
    const record = await engine.run({ workflow: workflow('good') });
    expect(record.error?.code).toBe('[redacted]');
    await engine.stop();
  });

  it('to a secret that does not exist are a located problem at save time', async () => {
    const engine = await engineWith({ key: VALUE });
    const problems = engine.validate({
      nodes: [{ id: 'n', op: 'string.template', config: { template: 'x', data: { a: ref('key'), b: ref('missing') } } }],
      edges: [],
    });
    expect(problems).toEqual([expect.objectContaining({ code: 'unknown_secret', path: 'nodes[0].config.data.b', nodeId: 'n' })]);
    await engine.stop();
  });

  it('fail the node with unknown_secret when the secret went away after saving', async () => {
    const values: Record<string, string> = { key: VALUE };
    const engine = await engineWith(values);
    const plan = engine.compile({ nodes: [{ id: 'out', op: 'flow.output', config: { value: ref('key') } }], edges: [] });
    delete values.key;
    const record = await engine.run({ plan });
    expect(record.status).toBe('error');
    expect(record.error).toMatchObject({ code: 'unknown_secret', nodeId: 'out' });
    await engine.stop();
  });

  it('cross into child runs and back: the caller gets the value, neither record shows it', async () => {
    const engine = await engineWith({ key: VALUE });
    await engine.workflows.save('reveal', {
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'join', op: 'string.concat', config: { b: ref('key') } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [
        { from: { node: 'in', port: 'value' }, to: { node: 'join', port: 'a' } },
        { from: { node: 'join', port: 'text' }, to: { node: 'out', port: 'value' } },
      ],
    });
    const run = engine.startRun({
      workflow: {
        nodes: [
          { id: 'call', op: 'workflow.call', config: { workflow: 'reveal', input: 'key=' } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [{ from: { node: 'call', port: 'output' }, to: { node: 'out', port: 'value' } }],
      },
    });
    const record = await run.done;
    expect(record.status).toBe('ok');
    expect(run.output).toBe(`key=${VALUE}`);
    expect(record.output).toBe('key=[redacted]');
    expect(JSON.stringify(record)).not.toContain(VALUE);
    const child = (await engine.runs.list({ workflowId: 'reveal' })).runs[0];
    expect(child?.output).toBe('key=[redacted]');
    await engine.stop();
  });

  it('leave runs without secrets untouched', async () => {
    const engine = await engineWith({});
    const record = await engine.run({
      workflow: { nodes: [{ id: 'out', op: 'flow.output', config: { value: { $secret: 1, other: true } } }], edges: [] },
    });
    expect(record.output).toEqual({ $secret: 1, other: true });
    await engine.stop();
  });
});
