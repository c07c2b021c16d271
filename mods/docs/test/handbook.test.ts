import { fileURLToPath } from 'node:url';
import { createEngine, type Engine, type ModDefinition } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCodeBlock } from './helpers/code-fence-module.ts';
import { installedMods } from './helpers/installed-mods.ts';
import { type Fence, workflowFences } from './helpers/workflow-fences.ts';

// The secrets the handbook's workflows name exist, as the reader is told to add them first.
const secrets = { has: () => true, reveal: async (name: string) => `example value of ${name}` };
const engine = createEngine({ mods: installedMods, dataDir: tempDir(), secrets });
const handbook = fileURLToPath(new URL('../handbook', import.meta.url));
const fences = workflowFences([handbook, ...installedMods.flatMap((mod) => (mod.docs ? [mod.docs] : []))]);

beforeAll(() => engine.start());
afterAll(async () => {
  await engine.stop();
});

function fence(name: string): unknown {
  const found = fences.find((f) => f.name === name);
  if (!found) throw new Error(`no workflow fence named "${name}"`);
  return JSON.parse(found.source);
}

describe('workflow pictures in the handbook and the installed mods’ docs', () => {
  it('exist', () => {
    expect(fences.length).toBeGreaterThan(5);
  });

  it.each(fences.map((f) => [`${f.file}: ${f.name}`, f] as const))('%s is a valid workflow where its ops are installed', async (_label, f: Fence) => {
    const document = JSON.parse(f.source) as { id?: string; nodes: Array<{ op: string }> };
    const absent = document.nodes.map((n) => n.op).filter((op) => !engine.op(op));
    // Every mod is installed, so an absent op is one the reader defines in a guide's own mod.
    if (absent.length > 0) return;
    expect(engine.validate(document)).toEqual([]);
    // A fence with an id is saved, as the reader saves it: a later fence may call it.
    if (document.id !== undefined) await engine.workflows.save(document.id, document);
  });
});

describe('what the handbook says its workflows do', () => {
  it('greets the name in the input (Calling workflows over HTTP)', async () => {
    const run = await engine.run({ workflow: fence('Inline greeting'), input: { name: 'Ada' } });
    expect(run.status).toBe('ok');
    expect(run.output).toBe('Hello, Ada!');
  });

  it('greets from the route parameters when run with a request as input (Your first workflow)', async () => {
    const run = await engine.run({ workflow: fence('Greet'), input: { params: { name: 'Ada' } } });
    expect(run.status).toBe('ok');
    expect(run.nodes.greet?.outputs).toEqual({ text: 'Hello, Ada!' });
  });

  it('takes one branch and skips the other (Ports: skipping)', async () => {
    const big = await engine.run({ workflow: fence('Big or small'), input: 250 });
    expect(big.output).toBe('big order');
    expect(big.nodes.small?.status).toBe('skipped');
    expect(big.status).toBe('ok');
    const small = await engine.run({ workflow: fence('Big or small'), input: 5 });
    expect(small.output).toBe('small order');
    expect(small.nodes.big?.status).toBe('skipped');
  });

  it('hands a failure to the error port and goes on (Ports: the error port)', async () => {
    const failed = await engine.run({ workflow: fence('Parse or fall back'), input: 'not json' });
    expect(failed.status).toBe('ok');
    expect(failed.nodes.parse?.status).toBe('error');
    expect(failed.nodes.ok?.status).toBe('skipped');
    expect((failed.output as { problem: string }).problem).toMatch(/^Not valid JSON/);
    const parsed = await engine.run({ workflow: fence('Parse or fall back'), input: '{"a":1}' });
    expect(parsed.output).toEqual({ value: { a: 1 } });
    expect(parsed.nodes.fallback?.status).toBe('skipped');
  });

  it('orders side effects with a control edge (Ports: control ports)', async () => {
    const run = await engine.run({ workflow: fence('Take the time after logging'), input: { hi: 1 } });
    expect(run.status).toBe('ok');
    expect(Date.parse(run.output as string)).not.toBeNaN();
    expect(Date.parse(run.nodes.now?.startedAt as string)).toBeGreaterThanOrEqual(Date.parse(run.nodes.log?.endedAt as string));
  });

  it('runs the examples of the docs mod’s own chapters', async () => {
    expect((await engine.run({ workflow: fence('Pass the input through'), input: [1, 2] })).output).toEqual([1, 2]);
    expect((await engine.run({ workflow: fence('Add: 2 and 3') })).output).toEqual({ result: 5 });
  });
});

describe('the code of the guides, run as written', () => {
  const store = installedMods.find((mod) => mod.name === 'store');

  async function withEngine(list: ModDefinition[], body: (app: Engine) => Promise<void>): Promise<void> {
    const app = createEngine({ mods: list, dataDir: tempDir() });
    await app.start();
    try {
      await body(app);
    } finally {
      await app.stop();
    }
  }

  it('Write your own mod: the op creates a customer once, then finds it', async () => {
    const customers = (await importCodeBlock<{ default: ModDefinition }>('guides/write-a-mod.md', 'export default defineMod')).default;
    await withEngine([store as ModDefinition, customers], async (app) => {
      const first = await app.invoke('customers.upsert', { customer: { email: 'ada@example.com', name: 'Ada' } }).done;
      expect(first.status, first.error?.message).toBe('ok');
      expect(first.output).toMatchObject({ created: true, doc: { data: { email: 'ada@example.com', name: 'Ada' }, version: 1 } });
      const again = await app.invoke('customers.upsert', { customer: { email: 'ada@example.com', name: 'Ada' } }).done;
      expect(again.output).toMatchObject({ created: false, doc: { id: (first.output as { doc: { id: string } }).doc.id } });
      expect(again.nodes.op?.calls?.map((call) => call.op)).toEqual(['store.query']);
      const signup = await app.run({ workflow: fence('Sign up'), input: { body: { email: 'grace@example.com', name: 'Grace' } } });
      expect(signup.status, signup.error?.message).toBe('ok');
      expect(signup.nodes.upsert?.outputs).toMatchObject({ created: true });
    });
  });

  it('Data modeling: one attempt of the counter workflow increments it', async () => {
    await withEngine([store as ModDefinition], async (app) => {
      // The part of the store's service this test needs, typed here rather than by importing the store's types.
      const documents = app.services.get<{
        put(input: { collection: string; id: string; data: Record<string, unknown> }): Promise<unknown>;
        get(collection: string, id: string): Promise<{ data: unknown } | undefined>;
      }>('store');
      await documents.put({ collection: 'counters', id: 'visits', data: { count: 1 } });
      const run = await app.run({ workflow: fence('Increment a counter (one attempt)') });
      expect(run.status, run.error?.message).toBe('ok');
      expect(run.output).toBe(true);
      expect((await documents.get('counters', 'visits'))?.data).toEqual({ count: 2 });
    });
  });

  it('Event sourcing: the Order aggregate places, ships, and refuses to ship a cancelled order', async () => {
    const { default: eventStore } = await importCodeBlock<{ default: ModDefinition }>('guides/event-sourcing.md', 'defineAggregate<Order>');
    await withEngine([store as ModDefinition, eventStore], async (app) => {
      const place = await app.invoke('aggregate.execute', { type: 'Order', id: 'o-42', command: 'place', payload: { items: ['A-1'] } }).done;
      expect(place.output).toMatchObject({ ok: true, version: 1, state: { status: 'placed', items: ['A-1'] } });
      const ship = await app.invoke('aggregate.execute', { type: 'Order', id: 'o-42', command: 'ship', payload: { carrier: 'DHL' } }).done;
      expect(ship.output).toMatchObject({ ok: true, version: 2, state: { status: 'shipped' } });
      const placedAgain = await app.invoke('aggregate.execute', { type: 'Order', id: 'o-42', command: 'place', payload: { items: [] } }).done;
      expect(placedAgain.output).toMatchObject({ ok: false });
      const past = await app.invoke('aggregate.load', { type: 'Order', id: 'o-42', asOfVersion: 1 }).done;
      expect(past.output).toMatchObject({ state: { status: 'placed' }, version: 1 });
    });
  });
});
