import { PatternError } from '../errors.ts';
import type { PortInfo } from '../ops/define-op.ts';
import { firstIssue } from '../parse-input.ts';
import type { Plan } from '../workflow/compile.ts';

/**
 * Parses the values that arrived for a node by each port's compiled schema, in place, so a node
 * never sees data of the wrong shape. Ports typed `unknown` are passed through untouched.
 */
export function prepareInputs(op: { name: string }, ports: readonly PortInfo[], values: Record<string, unknown>): Record<string, unknown> {
  return compileInputCheck(op.name, ports, {}).check(values);
}

/** A node's input validation, derived once per plan. */
export interface InputCheck {
  /** The node's constants, frozen: a node with no wired input runs on them without a copy. */
  readonly constants: Readonly<Record<string, unknown>>;
  /** The values as the op receives them; `values` itself unless parsing changed one (then a copy when it is frozen). */
  check(values: Record<string, unknown>): Record<string, unknown>;
}

/** Every plan's checks, made on its first run and kept as long as the plan lives. */
export class InputChecks {
  private readonly byPlan = new WeakMap<Plan, readonly InputCheck[]>();

  of(plan: Plan): readonly InputCheck[] {
    let checks = this.byPlan.get(plan);
    if (!checks) {
      checks = plan.nodes.map((node) => compileInputCheck(node.op.name, node.ports.inputs, node.constants));
      this.byPlan.set(plan, checks);
    }
    return checks;
  }
}

interface PortCheck {
  port: PortInfo;
  /** True when parsing would hand back the very value: then it is not parsed. */
  plain: ((value: unknown) => boolean) | undefined;
}

export function compileInputCheck(opName: string, ports: readonly PortInfo[], constants: Record<string, unknown>): InputCheck {
  const checks: PortCheck[] = ports.filter((port) => port.kind !== 'control').map((port) => ({ port, plain: plainCheck(port) }));
  return {
    constants: Object.freeze({ ...constants }),
    check(values) {
      let out = values;
      for (const { port, plain } of checks) {
        const value = out[port.name];
        if (value === undefined && !port.optional) {
          throw new PatternError('missing_input', `Input "${port.name}" of ${opName} has no value`, { port: port.name });
        }
        if (plain?.(value)) continue;
        const parsed = port.schema.safeParse(value);
        if (!parsed.success) {
          throw new PatternError('invalid_input', `Input "${port.name}" of ${opName}: ${firstIssue(parsed.error)}`, {
            port: port.name,
            issues: parsed.error.issues,
          });
        }
        if (parsed.data === undefined || parsed.data === value) continue;
        if (Object.isFrozen(out)) out = { ...out };
        out[port.name] = parsed.data;
      }
      return out;
    },
  };
}

const TYPE_OF: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  // zod's number refuses NaN and the infinities.
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  boolean: (value) => typeof value === 'boolean',
};

interface SchemaDef {
  type: string;
  checks?: unknown[];
  coerce?: boolean;
  innerType?: { _zod: { def: SchemaDef } };
}

/**
 * For a port of a plain type (a string, a number, a boolean, maybe optional, with no checks or
 * coercion), the `typeof` test that stands for parsing: a value that passes comes out of zod
 * unchanged, so the common case skips the parser. Anything else is parsed.
 */
function plainCheck(port: PortInfo): ((value: unknown) => boolean) | undefined {
  if (port.passthrough) return () => true;
  const def = (port.schema as unknown as { _zod?: { def?: SchemaDef } })._zod?.def;
  const inner = def?.type === 'optional' ? def.innerType?._zod.def : def;
  if (!inner || (inner.checks?.length ?? 0) > 0 || inner.coerce) return undefined;
  const test = TYPE_OF[inner.type];
  if (!test) return undefined;
  return def?.type === 'optional' ? (value) => value === undefined || test(value) : test;
}

/** The inputs as the op takes them; when they are refused, the node's trace keeps the values it got, so history shows what failed. */
export function checkedInputs(
  check: InputCheck,
  values: Record<string, unknown>,
  trace: { inputs?: Record<string, unknown> },
): Record<string, unknown> {
  trace.inputs = values;
  return check.check(values);
}
