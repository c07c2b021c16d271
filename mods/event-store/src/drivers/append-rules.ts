import { PatternError } from '@pattern/core';
import type { ExpectedVersion, StoredEvent } from '../schemas.ts';
import type { PreparedEvent, StreamRef } from './driver.ts';

/** Enforces every `expectedVersion` mode; `actual` is 0 for a stream with no events. */
export function checkExpectedVersion(stream: StreamRef, expected: ExpectedVersion, actual: number): void {
  const holds = expected === 'any' || (expected === 'no_stream' ? actual === 0 : expected === 'exists' ? actual > 0 : expected === actual);
  if (holds) return;
  const name = `${stream.aggregateType}/${stream.aggregateId}`;
  const message =
    expected === 'no_stream'
      ? `Stream ${name} already exists (version ${actual})`
      : expected === 'exists'
        ? `Stream ${name} does not exist`
        : `Stream ${name} is at version ${actual}, not the expected ${expected}`;
  throw new PatternError('conflict', message, { expected, actual, stream: name });
}

/**
 * Decides what an append of events with ids seen before means: all of them seen with the same
 * content is a retry (answered with the originals); anything else is a mistake worth refusing.
 * `seen` holds the stored event for each prepared event whose id exists, by index.
 */
export function resolveDuplicates(stream: StreamRef, events: PreparedEvent[], seen: Array<StoredEvent | undefined>): StoredEvent[] | undefined {
  if (seen.every((e) => e === undefined)) return undefined;
  events.forEach((event, i) => {
    const original = seen[i];
    if (!original) {
      throw new PatternError('idempotency_conflict', 'Part of this batch was appended before and part was not; append the new events on their own', {
        id: event.id,
      });
    }
    if (!sameContent(stream, event, original)) {
      throw new PatternError('idempotency_conflict', `Event ${event.id} was appended before with different content`, {
        id: event.id,
        original: { aggregateType: original.aggregateType, aggregateId: original.aggregateId, type: original.type, version: original.version },
      });
    }
  });
  return seen as StoredEvent[];
}

function sameContent(stream: StreamRef, event: PreparedEvent, original: StoredEvent): boolean {
  return (
    original.aggregateType === stream.aggregateType &&
    original.aggregateId === stream.aggregateId &&
    original.type === event.type &&
    original.schemaVersion === event.schemaVersion &&
    jsonEqual(original.payload, event.payload)
  );
}

/** Structural equality of JSON values, blind to key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((value, i) => jsonEqual(value, other[i]));
  }
  const left = Object.entries(a as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const right = b as Record<string, unknown>;
  const rightSize = Object.values(right).filter((v) => v !== undefined).length;
  return left.length === rightSize && left.every(([key, value]) => jsonEqual(value, right[key]));
}
