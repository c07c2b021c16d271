import type { Logger } from '../logger.ts';
import type { ModContext, ModDefinition } from '../mods/define-mod.ts';
import type { RunRecord } from './record.ts';

type SettleHook = NonNullable<NonNullable<ModDefinition['hooks']>['onRunSettle']>;

/**
 * The mods' `onRunSettle` hooks, run in the order the mods were given, each after the one before
 * it has finished. A hook that fails is logged and the next one runs. Hooks that answer at once
 * (most runs hold nothing a mod must release) cost no promise and no hop before the record is saved.
 */
export class SettleHooks {
  private readonly hooks: Array<{ mod: ModDefinition; hook: SettleHook }>;
  private readonly context: (mod: ModDefinition) => ModContext;
  private readonly log: Logger;

  constructor(mods: readonly ModDefinition[], context: (mod: ModDefinition) => ModContext, log: Logger) {
    this.hooks = mods.flatMap((mod) => (mod.hooks?.onRunSettle ? [{ mod, hook: mod.hooks.onRunSettle }] : []));
    this.context = context;
    this.log = log;
  }

  /** Undefined when every hook finished at once; otherwise resolves once the last has. Never rejects. */
  run(record: RunRecord, from = 0): Promise<void> | undefined {
    for (let i = from; i < this.hooks.length; i++) {
      const { mod, hook } = this.hooks[i] as (typeof this.hooks)[number];
      try {
        const pending = hook(record, this.context(mod));
        if (pending) return pending.catch((error: unknown) => this.failed(mod, record, error)).then(() => this.run(record, i + 1));
      } catch (error) {
        this.failed(mod, record, error);
      }
    }
    return undefined;
  }

  private failed(mod: ModDefinition, record: RunRecord, error: unknown): void {
    this.log.error(`mod ${mod.name}: onRunSettle failed`, { runId: record.id, error: String(error) });
  }
}
