import { type ModContext, parseInput } from '@pattern/core';
import { newQuickJSWASMModule } from 'quickjs-emscripten';
import { SandboxModules } from './sandbox/modules.ts';
import { CodeOptionsSchema } from './schemas.ts';
import { CodeService } from './service.ts';

/**
 * Validates the mod's options and loads QuickJS's WebAssembly module, once per service: a node's
 * source is compiled when its workflow is validated, which is synchronous, so the module is there
 * from the start. Another is loaded only after a failure.
 */
export async function openCode(ctx: ModContext): Promise<CodeService> {
  const options = parseInput(CodeOptionsSchema, ctx.options, 'options.code', { whole: true });
  const load = () => newQuickJSWASMModule();
  const modules = new SandboxModules(load, options, await load(), (error) =>
    ctx.log.error('the code sandbox could not load QuickJS again', { error: error instanceof Error ? error.message : String(error) }),
  );
  return new CodeService(modules, options);
}
