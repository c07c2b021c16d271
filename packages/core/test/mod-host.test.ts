import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, defineMod, type Engine, type ModContext } from '../src/index.ts';

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
});

/** A mod that keeps the context it is given, as a mod's service would. */
function probe(name: string, contributes?: Record<string, unknown>) {
  let seen: ModContext | undefined;
  const mod = defineMod({
    name,
    version: '1.0.0',
    ...(contributes ? { contributes } : {}),
    services: { [name]: { setup: (ctx) => (seen = ctx) } },
  });
  return { mod, context: () => seen as ModContext };
}

describe('the host a mod is given', () => {
  it('is a narrow face of the engine: no registry, stores or runs of its own to reach into', async () => {
    const { mod, context } = probe('probe');
    engine = createEngine({ mods: [mod] });
    await engine.start();
    const host = context().host;
    expect(host).not.toBe(engine);
    expect(Object.keys(host).sort()).toEqual(['catalog', 'contributions', 'getRun', 'mods', 'startRun', 'started', 'suggestOps', 'workflows']);
    expect('engine' in context()).toBe(false);
    expect(host.started).toBe(true);
    expect(host.mods.map((m) => m.name)).toEqual(['core', 'probe']);
    expect(host.catalog().some((op) => op.name === 'math.add')).toBe(true);
    expect(host.suggestOps('math.ad')).toContain('math.add');
  });

  it('starts a run, reads it back, and follows the saved workflows', async () => {
    const { mod, context } = probe('probe');
    engine = createEngine({ mods: [mod] });
    await engine.start();
    const host = context().host;
    const changes: string[] = [];
    const unsubscribe = host.workflows.subscribe((change) => changes.push(change.type));
    await engine.workflows.save('echo', {
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'out', port: 'value' } }],
    });
    unsubscribe();
    expect(changes).toEqual(['saved']);
    expect(host.workflows.list().map((w) => w.id)).toContain('echo');
    const run = host.startRun({ workflowId: 'echo', input: 42, trigger: { kind: 'schedule' } });
    expect(await run.done).toMatchObject({ status: 'ok', output: 42, trigger: { kind: 'schedule' } });
    expect(await host.getRun(run.id)).toMatchObject({ id: run.id, status: 'ok' });
  });

  it('hands a mod what the others contribute to it, with each one’s name, in load order', async () => {
    const receiver = probe('ledger');
    const a = probe('a', { ledger: { accounts: ['cash'] } });
    const b = probe('b', { other: { x: 1 } });
    const c = probe('c', { ledger: { accounts: ['bank'] } });
    engine = createEngine({ mods: [receiver.mod, a.mod, b.mod, c.mod] });
    await engine.start();
    expect(receiver.context().host.contributions('ledger')).toEqual([
      { mod: 'a', value: { accounts: ['cash'] } },
      { mod: 'c', value: { accounts: ['bank'] } },
    ]);
    expect(receiver.context().host.contributions('nobody')).toEqual([]);
  });
});

describe('defineMod', () => {
  it('refuses a field it does not know, saying where a moved one went', () => {
    const spec = (extra: Record<string, unknown>) => ({ name: 'old', version: '1.0.0', ...extra }) as Parameters<typeof defineMod>[0];
    expect(() => defineMod(spec({ routes: () => null }))).toThrow(/"routes" is not a field of a mod; it is now http\.routes/);
    expect(() => defineMod(spec({ collections: [] }))).toThrow(/it is now contributes\.store\.collections/);
    expect(() => defineMod(spec({ colour: 'red' }))).toThrow(/"colour" is not a field of a mod \(fields: name, version/);
  });
});
