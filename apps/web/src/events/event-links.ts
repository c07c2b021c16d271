import type { StoredEvent } from '../api/events.ts';

export function streamPath(type: string, id: string): string {
  return `/data/events/${encodeURIComponent(type)}/${encodeURIComponent(id)}`;
}

export function eventPath(event: Pick<StoredEvent, 'aggregateType' | 'aggregateId' | 'id'>): string {
  return `${streamPath(event.aggregateType, event.aggregateId)}?event=${encodeURIComponent(event.id)}`;
}

export function correlationPath(correlationId: string): string {
  return `/data/events?correlation=${encodeURIComponent(correlationId)}`;
}
