import { PatternError } from '../errors.ts';
import type { OpDefinition } from '../ops/define-op.ts';
import type { ModDefinition } from './define-mod.ts';

/** Every op and mod the engine knows. A name taken twice is a start-up error, never an overwrite. */
export class Registry {
  readonly mods: ModDefinition[] = [];
  private readonly ops = new Map<string, OpDefinition>();

  addMod(mod: ModDefinition): void {
    const taken = this.mods.find((m) => m.name === mod.name);
    if (taken) throw new PatternError('duplicate_mod', `Mod "${mod.name}" is loaded twice`);
    for (const op of mod.ops ?? []) {
      const owner = this.ops.get(op.name)?.mod;
      if (owner !== undefined) {
        throw new PatternError('duplicate_op', `Op "${op.name}" from mod "${mod.name}" is already registered by mod "${owner}"`, {
          op: op.name,
          mods: [owner, mod.name],
        });
      }
    }
    const seenServices = new Map<string, string>();
    for (const other of this.mods) for (const name of Object.keys(other.services ?? {})) seenServices.set(name, other.name);
    for (const name of Object.keys(mod.services ?? {})) {
      const owner = seenServices.get(name);
      if (owner !== undefined) {
        throw new PatternError('duplicate_service', `Service "${name}" from mod "${mod.name}" is already provided by mod "${owner}"`, {
          service: name,
          mods: [owner, mod.name],
        });
      }
    }
    this.mods.push(mod);
    for (const op of mod.ops ?? []) this.ops.set(op.name, { ...op, mod: mod.name });
  }

  op(name: string): OpDefinition | undefined {
    return this.ops.get(name);
  }

  allOps(): OpDefinition[] {
    return [...this.ops.values()];
  }

  /** The closest op names, for "did you mean" messages. */
  suggest(name: string, count = 3): string[] {
    return [...this.ops.keys()]
      .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, count)
      .filter((s) => s.distance <= Math.max(2, Math.floor(name.length / 3)))
      .map((s) => s.candidate);
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}
