import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine, createLogger, defineMod, defineOp, type Engine, type RunEvent, type SecretSource } from '../src/index.ts';

const VALUE = 'sk_live_0123456789abcdef';
const UPPER = VALUE.toUpperCase();
const BASE64 = Buffer.from(VALUE).toString('base64');
const ref = (name: string) => ({ $secret: name });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

function source(values: Record<string, string>): SecretSource {
  return { has: (name) => name in values, reveal: async (name) => values[name] };
}

/** Joins a key and a value, and declassifies only the key. */
const keyed = defineOp({
  name: 'test.keyed',
  description: 'Joins a value with the length of a key.',
  declassifies: ['key'],
  inputs: { key: { description: 'A key.' }, value: { description: 'A value.' } },
  outputs: { text: { description: 'Both.' } },
  run: (inputs) => ({ text: `${[...String(inputs.value)].reverse().join('')}:${String(inputs.key).length}` }),
});

/** Upper-cases its text through `ctx.call`, and answers only how long it is. */
const measured = defineOp({
  name: 'test.measured',
  description: 'The length of the text in upper case.',
  inputs: { text: { description: 'A text.' } },
  outputs: { length: { description: 'Its length.' } },
  run: async (inputs, ctx) => {
    const { text } = await ctx.call('string.upper', { text: inputs.text });
    return { length: String(text).length };
  },
});

async function engineWith(lines: string[] = []): Promise<Engine> {
  const engine = createEngine({
    mods: [defineMod({ name: 'test', version: '1.0.0', ops: [keyed, measured] })],
    secrets: source({ key: VALUE }),
    log: createLogger((level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)),
  });
  await engine.start();
  return engine;
}

/** Everything a run leaves behind that a person can read: its record, its events, the log. */
async function traces(engine: Engine, workflow: unknown, lines: string[]) {
  const run = engine.startRun({ workflow: workflow as never });
  const events: RunEvent[] = [];
  run.subscribe((event) => events.push(event));
  const record = await run.done;
  const stored = await engine.runs.get(record.id);
  return { run, record, text: JSON.stringify([record, stored, events, lines]) };
}

describe('values derived from a secret', () => {
  it('stay out of the record, the events and the log through string.upper, base64.encode and a template', async () => {
    const lines: string[] = [];
    const engine = await engineWith(lines);
    const { run, record, text } = await traces(
      engine,
      {
        nodes: [
          { id: 'upper', op: 'string.upper', config: { text: ref('key') } },
          { id: 'b64', op: 'base64.encode' },
          { id: 'say', op: 'string.concat', config: { a: 'token is ', c: ' and ' } },
          { id: 'log', op: 'log', config: { message: 'derived' } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [
          edge('upper', 'text', 'b64', 'value'),
          edge('b64', 'text', 'say', 'b'),
          edge('upper', 'text', 'say', 'd'),
          edge('say', 'text', 'log', 'value'),
          edge('log', 'value', 'out', 'value'),
        ],
      },
      lines,
    );
    expect(record.status, JSON.stringify(record.error)).toBe('ok');
    // What the run hands on keeps the real values; only what it leaves behind hides them.
    expect(run.output).toBe(`token is ${Buffer.from(UPPER).toString('base64')} and ${UPPER}`);
    for (const hidden of [VALUE, UPPER, Buffer.from(UPPER).toString('base64')]) expect(text).not.toContain(hidden);
    expect(record.output).toBe('token is [redacted] and [redacted]');
    expect(record.nodes.upper?.outputs?.text).toBe('[redacted]');
    expect(record.nodes.say?.inputs?.a).toBe('token is ');
    expect(lines.some((line) => line.includes('derived') && line.includes('[redacted]'))).toBe(true);
    await engine.stop();
  });

  it('of base64 straight from the secret, or of a template rendering it, stay hidden too', async () => {
    const lines: string[] = [];
    const engine = await engineWith(lines);
    const { record, text } = await traces(
      engine,
      {
        nodes: [
          { id: 'b64', op: 'base64.encode', config: { value: ref('key') } },
          { id: 'render', op: 'string.template', config: { template: 'Basic {{ auth }}', data: { auth: { user: 'ada', key: ref('key') } } } },
          { id: 'again', op: 'base64.encode' },
          { id: 'encoded', op: 'flow.output', config: { key: 'encoded' } },
          { id: 'header', op: 'flow.output', config: { key: 'header' } },
        ],
        edges: [edge('b64', 'text', 'encoded', 'value'), edge('render', 'text', 'again', 'value'), edge('again', 'text', 'header', 'value')],
      },
      lines,
    );
    const rendered = `Basic ${JSON.stringify({ user: 'ada', key: VALUE })}`;
    const output = record.output as { encoded: string; header: string };
    expect(output.encoded).toBe('[redacted]');
    // What is left between hidden parts is left only when too short to matter: here the closing `"}`.
    expect(output.header).toMatch(/^\[redacted\]/);
    // A template that writes the secret's object out as JSON makes text no input had: all of it is hidden.
    expect(record.nodes.render?.outputs?.text).toBe('[redacted][redacted]"}');
    expect(text).not.toContain(BASE64);
    expect(text).not.toContain(Buffer.from(rendered).toString('base64'));
    await engine.stop();
  });

  it('show through an op that declassifies them: an HMAC signature, a digest, and what is made of those', async () => {
    const lines: string[] = [];
    const engine = await engineWith(lines);
    const signature = createHmac('sha256', VALUE).update('payload').digest('hex');
    const { record } = await traces(
      engine,
      {
        nodes: [
          { id: 'sign', op: 'crypto.hmac', config: { value: 'payload', key: ref('key') } },
          { id: 'upper', op: 'string.upper', config: { text: ref('key') } },
          { id: 'hash', op: 'crypto.hash' },
          { id: 'label', op: 'string.concat', config: { a: 'sha256=' } },
          { id: 'sig', op: 'flow.output', config: { key: 'signature' } },
          { id: 'digest', op: 'flow.output', config: { key: 'digest' } },
        ],
        edges: [
          edge('sign', 'signature', 'label', 'b'),
          edge('label', 'text', 'sig', 'value'),
          edge('upper', 'text', 'hash', 'value'),
          edge('hash', 'digest', 'digest', 'value'),
        ],
      },
      lines,
    );
    expect(record.status, JSON.stringify(record.error)).toBe('ok');
    expect(record.output).toEqual({ signature: `sha256=${signature}`, digest: createHash('sha256').update(UPPER).digest('hex') });
    expect(record.nodes.sign?.outputs?.signature).toBe(signature);
    expect(record.nodes.sign?.inputs?.key).toBe('[redacted]');
    expect(record.nodes.upper?.outputs?.text).toBe('[redacted]');
    await engine.stop();
  });

  it('declassified at one input only stay hidden when they came in at another', async () => {
    const engine = await engineWith();
    const run = (config: Record<string, unknown>) =>
      traces(
        engine,
        {
          nodes: [
            { id: 'upper', op: 'string.upper', config: { text: ref('key') } },
            { id: 'join', op: 'test.keyed', config },
            { id: 'out', op: 'flow.output' },
          ],
          edges: [edge('upper', 'text', 'join', config.key === undefined ? 'key' : 'value'), edge('join', 'text', 'out', 'value')],
        },
        [],
      );
    const throughKey = await run({ value: 'plain value' });
    expect(throughKey.record.output).toBe(`eulav nialp:${UPPER.length}`);
    const throughValue = await run({ key: 'k' });
    expect(throughValue.record.output).toBe('[redacted]');
    expect(throughValue.text).not.toContain([...UPPER].reverse().join(''));
    await engine.stop();
  });

  it('reach a workflow a tainted node calls: what the child makes of its input stays hidden in its record', async () => {
    const engine = await engineWith();
    await engine.workflows.save('shout', {
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'upper', op: 'string.upper' },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('in', 'value', 'upper', 'text'), edge('upper', 'text', 'out', 'value')],
    });
    const { run, record } = await traces(
      engine,
      {
        nodes: [
          { id: 'wrap', op: 'string.template', config: { template: 'x-{{ k }}', data: { k: ref('key') } } },
          { id: 'call', op: 'workflow.call', config: { workflow: 'shout' } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [edge('wrap', 'text', 'call', 'input'), edge('call', 'output', 'out', 'value')],
      },
      [],
    );
    expect(run.output).toBe(`X-${UPPER}`);
    expect(record.output).toBe('[redacted]');
    const children = await engine.runs.list({ workflowId: 'shout', limit: 10 });
    const child = await engine.runs.get(children.runs[0]?.id as string);
    expect(child?.parentRunId).toBe(record.id);
    expect(JSON.stringify(child)).not.toContain(UPPER);
    expect(child?.nodes.upper?.outputs?.text).toBe('[redacted]');
    // A word too short to hide stays readable, even from a tainted node.
    expect(record.nodes.call?.outputs?.status).toBe('ok');
    await engine.stop();
  });

  it('made by an op a tainted node calls stay out of that node’s trace', async () => {
    const engine = await engineWith();
    const { record, text } = await traces(engine, { nodes: [{ id: 'measure', op: 'test.measured', config: { text: ref('key') } }], edges: [] }, []);
    expect(record.status, JSON.stringify(record.error)).toBe('ok');
    expect(record.nodes.measure?.outputs).toEqual({ length: UPPER.length });
    expect(record.nodes.measure?.calls?.[0]?.outputs).toEqual({ text: '[redacted]' });
    expect(text).not.toContain(UPPER);
    await engine.stop();
  });

  it('leave what a tainted node was given without the secret visible, in its record and in the graph', async () => {
    const engine = await engineWith();
    const base = 'https://api.example.com/v1/';
    const { record } = await traces(
      engine,
      {
        nodes: [
          { id: 'url', op: 'string.concat', config: { a: base, b: ref('key') } },
          { id: 'other', op: 'string.upper', config: { text: base } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [edge('url', 'text', 'out', 'value')],
      },
      [],
    );
    expect(record.output).toBe(`${base}[redacted]`);
    expect(record.nodes.other?.outputs?.text).toBe(base.toUpperCase());
    expect(JSON.stringify(record.graph)).toContain(base);
    await engine.stop();
  });

  it('cost a run that reveals no secret nothing: it has no tracker', async () => {
    const engine = await engineWith();
    const run = engine.startRun({
      workflow: {
        nodes: [
          { id: 'upper', op: 'string.upper', config: { text: 'a plain long value' } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [edge('upper', 'text', 'out', 'value')],
      },
    });
    const record = await run.done;
    expect(record.output).toBe('A PLAIN LONG VALUE');
    expect(run.redactor.tracker(run.id)).toBeUndefined();
    await engine.stop();
  });
});

describe('defineOp declassifies', () => {
  it('names ports or config keys the op has', () => {
    expect(() =>
      defineOp({ name: 'test.bad', description: 'x', declassifies: ['nope'], inputs: { key: { description: 'k' } }, run: () => ({}) }),
    ).toThrow(/declassifies "nope"/);
  });
});
