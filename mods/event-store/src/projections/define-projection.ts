import type { Logger, Services } from '@pattern/core';
import type { StoredEvent } from '../schemas.ts';

export interface ProjectionContext {
  readonly services: Services;
  readonly log: Logger;
  /** Aborted when the server stops: long handlers should give up (the event is handled again on restart). */
  readonly signal: AbortSignal;
}

export type ProjectionHandler = (event: StoredEvent, ctx: ProjectionContext) => void | Promise<void>;

export interface ProjectionSpec {
  /** Unique among projections; names the durable checkpoint. */
  name: string;
  /** Bump to rebuild: the projection replays every event from the start after `reset`. Default 1. */
  version?: number;
  handles: Record<string, ProjectionHandler>;
  /** Clears what the projection built, before a rebuild. */
  reset?: (ctx: Omit<ProjectionContext, 'signal'>) => void | Promise<void>;
}

export interface ProjectionDefinition {
  readonly name: string;
  readonly version: number;
  readonly handles: Readonly<Record<string, ProjectionHandler>>;
  readonly reset: ProjectionSpec['reset'];
}

export function defineProjection(spec: ProjectionSpec): ProjectionDefinition {
  if (!/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(spec.name))
    throw new Error(`projection name "${spec.name}" must start with a letter; then letters, digits, _ . -`);
  if (Object.keys(spec.handles).length === 0) throw new Error(`projection ${spec.name} handles no event type`);
  const version = spec.version ?? 1;
  if (!Number.isInteger(version) || version < 1) throw new Error(`projection ${spec.name}: version must be a positive integer`);
  return Object.freeze({ name: spec.name, version, handles: { ...spec.handles }, reset: spec.reset });
}
