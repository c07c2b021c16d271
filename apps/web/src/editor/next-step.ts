import type { CatalogOp, CatalogPort } from '../api/types.ts';
import { typesMeet } from './connection-check.ts';

function meets(from: CatalogPort, to: CatalogPort): boolean {
  return from.kind === to.kind && typesMeet(from.types, to.types);
}

/**
 * The input of `op` an edge from `from` goes into: the first that names a type the output gives,
 * else the first that takes anything. An untyped output goes into the first input, the op's main one.
 */
export function acceptingInput(op: CatalogOp, from: CatalogPort): CatalogPort | undefined {
  const fitting = op.inputs.filter((input) => meets(from, input));
  return (from.types === null ? undefined : fitting.find((input) => input.types !== null)) ?? fitting[0];
}

/** The output of `op` that feeds `to`: the first that it accepts, never the `error` port. */
export function givingOutput(op: CatalogOp, to: CatalogPort): CatalogPort | undefined {
  return op.outputs.find((output) => output.name !== 'error' && meets(output, to));
}

/** The ops that can come next after `from` (and, splitting an edge, feed `to`), for the picker. */
export function opsFitting(ops: readonly CatalogOp[], from: CatalogPort | undefined, to?: CatalogPort): CatalogOp[] {
  return ops.filter((op) => (!from || acceptingInput(op, from)) && (!to || givingOutput(op, to)));
}

/** What a port carries, in the words the editor shows on a port or an edge. */
export function portTypeLabel(port: CatalogPort | undefined): string {
  if (!port) return '';
  if (port.kind === 'control') return 'control pulse';
  return port.types === null ? 'any' : port.types.join(' | ');
}
