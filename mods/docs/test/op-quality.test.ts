import { isDeepStrictEqual } from 'node:util';
import { type CatalogOp, createEngine, type Engine, nodePorts, type RunRecord } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedMods } from './helpers/installed-mods.ts';

const engine: Engine = createEngine({ mods: installedMods, dataDir: tempDir() });
const catalog: CatalogOp[] = engine.catalog();

/** Errors that mean the example itself is wrong (its inputs or config), not a failure the op documents. */
const EXAMPLE_FAULTS = new Set(['validation_failed', 'missing_input', 'invalid_input', 'config_invalid']);

beforeAll(async () => {
  await engine.start();
});

afterAll(async () => {
  await engine.stop();
});

describe('the ops installed for these checks', () => {
  it('include core and every sibling mod', () => {
    const owners = new Set(catalog.map((op) => op.mod));
    expect(owners.has('core')).toBe(true);
    for (const mod of installedMods) if ((mod.ops ?? []).length > 0) expect(owners.has(mod.name), mod.name).toBe(true);
  });
});

describe.each(catalog.map((op) => [op.name, op] as const))('op %s', (_name, op) => {
  it('has a description', () => {
    expect(op.description.trim(), `${op.name} has no description`).not.toBe('');
  });

  it('describes every port', () => {
    const bare = [...op.inputs, ...op.outputs].filter((port) => port.description.trim() === '').map((port) => port.name);
    expect(bare, `${op.name}: ports without a description`).toEqual([]);
  });

  it('has at least one example', () => {
    expect(op.examples.length, `${op.name} has no example`).toBeGreaterThan(0);
  });
});

// Each op's examples run on a fresh installation (a new engine over a new data folder), in the
// order they are written: an example may rely on the ones before it, never on another op's.
describe.each(catalog.filter((op) => op.examples.length > 0).map((op) => [op.name, op] as const))('examples of %s', (_name, op) => {
  const fresh = createEngine({ mods: installedMods, dataDir: tempDir() });
  beforeAll(() => fresh.start());
  afterAll(() => fresh.stop());

  it.each(op.examples.map((example, i) => [i + 1, example.title, example] as const))(
    '%i "%s" runs and gives the outputs it documents',
    async (_i, _title, example) => {
      // An op that runs saved workflows names them in its example, to be saved first.
      for (const document of example.workflows ?? []) await fresh.workflows.save(String(document.id), document);
      const run = await fresh.invoke(op.name, example.inputs ?? {}, example.config ?? {}).done;
      const where = `${op.name} example "${example.title}"`;
      if (example.outputs === undefined) {
        if (run.status === 'error') expect(EXAMPLE_FAULTS.has(run.error?.code ?? ''), `${where}: ${run.error?.message}`).toBe(false);
      } else {
        expect(run.status, `${where} failed: ${run.error?.message}`).toBe('ok');
        const emitted = emittedPorts(op, run);
        expect(Object.keys(emitted).sort(), `${where}: the ports it emits`).toEqual(Object.keys(example.outputs).sort());
        for (const [port, documented] of Object.entries(example.outputs)) {
          expect(matches(documented, emitted[port]), `${where}: port "${port}" gave ${JSON.stringify(emitted[port])}`).toBe(true);
        }
      }
      const definition = fresh.op(op.name);
      const ports = definition ? nodePorts(definition, { ...example.config, ...example.inputs }).ports : undefined;
      for (const [port, value] of Object.entries(emittedPorts(op, run))) {
        const schema = ports?.outputByName.get(port)?.schema;
        expect(schema?.safeParse(value).success, `${where}: port "${port}" emitted a value its schema refuses`).toBe(true);
      }
    },
  );
});

/**
 * What the op emitted, by port: value ports from the run's output (one key per emitted port, as
 * `invoke` builds it), control ports from the node's trace (they carry no value to output).
 */
function emittedPorts(op: CatalogOp, run: RunRecord): Record<string, unknown> {
  const output = (run.output ?? {}) as Record<string, unknown>;
  const trace = run.nodes.op?.outputs ?? {};
  const emitted: Record<string, unknown> = {};
  for (const port of op.outputs) {
    if (port.name === 'error') continue;
    if (port.kind === 'control') {
      if (trace[port.name]) emitted[port.name] = true;
    } else if (Object.hasOwn(output, port.name)) emitted[port.name] = output[port.name];
  }
  // Ports a node declares in its config (dynamicPorts) are value ports that invoke outputs too.
  if (op.dynamicPorts?.outputs) for (const [name, value] of Object.entries(output)) if (!Object.hasOwn(emitted, name)) emitted[name] = value;
  return emitted;
}

/**
 * A documented value matches the actual one when primitives and arrays are equal and every
 * field a documented object names is equal; fields it leaves out (a timestamp, a generated id)
 * may hold anything.
 */
function matches(documented: unknown, actual: unknown): boolean {
  if (Array.isArray(documented)) {
    return Array.isArray(actual) && actual.length === documented.length && documented.every((item, i) => matches(item, actual[i]));
  }
  if (documented !== null && typeof documented === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(documented).every(([key, value]) => Object.hasOwn(actual, key) && matches(value, (actual as Record<string, unknown>)[key]));
  }
  return isDeepStrictEqual(documented, actual);
}
