import { isPatternError } from '@pattern/core';
import { newQuickJSWASMModule, type QuickJSWASMModule } from 'quickjs-emscripten';
import { describe, expect, it } from 'vitest';
import { SandboxModules } from '../src/sandbox/modules.ts';

const LIMITS = { timeoutMs: 1_000, memoryBytes: 32 * 1024 * 1024 };
const ANSWER = '{"result":42}';

/** A loader that counts its loads and hands out real QuickJS modules. */
function countingLoader() {
  const loader = {
    loads: 0,
    load: (): Promise<QuickJSWASMModule> => {
      loader.loads++;
      return newQuickJSWASMModule();
    },
  };
  return loader;
}

const run = (modules: SandboxModules) =>
  modules.use((pool) => pool.use((slot) => slot.call('return { result: inputs.n * 2 };', '{"n":21}', { signal: undefined, console: undefined })));

describe('the QuickJS modules of the code sandbox', () => {
  it('keep no second module until one is needed', async () => {
    const loader = countingLoader();
    const modules = new SandboxModules(loader.load, LIMITS, await newQuickJSWASMModule(), () => {});
    for (let i = 0; i < 3; i++) expect(await run(modules)).toBe(ANSWER);
    expect(loader.loads).toBe(0);
    modules.close();
  });

  it('load one new module after a failure, which the calls waiting for it share', async () => {
    const loader = countingLoader();
    const modules = new SandboxModules(loader.load, LIMITS, await newQuickJSWASMModule(), () => {});
    modules.current().broken = true;
    let refused: unknown;
    try {
      modules.current();
    } catch (error) {
      refused = error;
    }
    expect(isPatternError(refused) && refused.code).toBe('unavailable');
    expect(await Promise.all([run(modules), run(modules), run(modules)])).toEqual([ANSWER, ANSWER, ANSWER]);
    expect(loader.loads).toBe(1);
    expect(modules.current().broken).toBe(false);
    modules.close();
  });

  it('try a failed load again on the next call', async () => {
    let fail = true;
    const errors: unknown[] = [];
    const modules = new SandboxModules(
      () => (fail ? Promise.reject(new Error('no module')) : newQuickJSWASMModule()),
      LIMITS,
      await newQuickJSWASMModule(),
      (error) => errors.push(error),
    );
    modules.current().broken = true;
    await expect(run(modules)).rejects.toMatchObject({ code: 'unavailable' });
    expect(errors.length).toBeGreaterThan(0);
    fail = false;
    expect(await run(modules)).toBe(ANSWER);
    modules.close();
  });
});
