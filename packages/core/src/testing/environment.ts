import { coreMod } from '../base-ops/index.ts';
import type { Engine } from '../run/engine.ts';
import type { TestCaseEnvironment } from './run-test-case.ts';

/**
 * What a running engine hands its workflows' test cases: its mods and their options, its value
 * limits, and its saved workflows (for cases whose workflow calls another). Each case still gets
 * an engine of its own; nothing of this engine's data is shared.
 */
export function testEnvironmentOf(engine: Engine): TestCaseEnvironment {
  const mods = engine.registry.mods.filter((mod) => mod.name !== coreMod.name);
  return {
    mods,
    modOptions: Object.fromEntries(mods.map((mod) => [mod.name, engine.context(mod).options])),
    limits: engine.limits,
    workflows: engine.workflows.list().map((entry) => entry.document),
  };
}
