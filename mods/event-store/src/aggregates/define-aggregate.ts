import { PatternError } from '@pattern/core';
import type { NewEvent, StoredEvent } from '../schemas.ts';

/** Thrown by a command to refuse it (`Order already shipped`); `execute` turns it into `{ ok: false, error }`. */
export class DomainError extends PatternError {
  constructor(message: string, details?: unknown) {
    super('domain_error', message, details ?? null);
    this.name = 'DomainError';
  }
}

export interface CommandContext {
  type: string;
  id: string;
  /** The version the decision is made at. */
  version: number;
}

type Decision = NewEvent | NewEvent[] | undefined;

// Method syntax keeps the state parameter bivariant, so aggregates of any state type share one registry.
export type CommandHandler<S> = { decide(state: S, payload: never, ctx: CommandContext): Decision | Promise<Decision> }['decide'];
type Evolve<S> = { evolve(state: S, event: StoredEvent): S }['evolve'];

export interface AggregateSpec<S> {
  /** The stream's `aggregateType`. */
  type: string;
  initialState: S;
  /** Folds one event into the state; must not mutate `state` in ways it cannot repeat, and must not fail. */
  evolve: Evolve<S>;
  /** Decide: each takes the current state and a payload and returns the events to append, or throws `DomainError`. */
  commands: Record<string, CommandHandler<S>>;
  /** A snapshot is kept once this many events came after the last one. Default 100. */
  snapshotEvery?: number;
  /** Bump when `evolve` or the state's shape changes: snapshots of other versions are ignored and rebuilt. Default 1. */
  version?: number;
}

export interface AggregateDefinition<S = unknown> {
  readonly type: string;
  readonly initialState: S;
  readonly evolve: Evolve<S>;
  readonly commands: Readonly<Record<string, CommandHandler<S>>>;
  readonly snapshotEvery: number;
  readonly version: number;
}

export function defineAggregate<S>(spec: AggregateSpec<S>): AggregateDefinition<S> {
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(spec.type))
    throw new Error(`aggregate type "${spec.type}" must start with a letter; then letters, digits, _ . -`);
  const snapshotEvery = spec.snapshotEvery ?? 100;
  if (!Number.isInteger(snapshotEvery) || snapshotEvery < 1) throw new Error(`aggregate ${spec.type}: snapshotEvery must be a positive integer`);
  const version = spec.version ?? 1;
  if (!Number.isInteger(version) || version < 1) throw new Error(`aggregate ${spec.type}: version must be a positive integer`);
  return Object.freeze({
    type: spec.type,
    initialState: spec.initialState,
    evolve: spec.evolve,
    commands: { ...spec.commands },
    snapshotEvery,
    version,
  });
}
