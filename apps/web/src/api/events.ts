import type { LoadResult, StoredEvent, StreamInfo, SubscriptionStatus } from '@pattern/server/api-type';
import { api } from './client.ts';

/** An event as the event store keeps it (never updated), and a stream of them. */
export type { StoredEvent, StreamInfo };

/** An aggregate's state, folded from its events, as `GET /api/aggregates/:type/:id` answers it. */
export type AggregateState = { type: string; id: string } & LoadResult;

/** A projection or an event-triggered workflow, as it follows the log; its `name` is `projection:<name>` or `workflow:<id>`. */
export type Follower = SubscriptionStatus;

/** The trigger's workflow id, or the projection's name: what the pause and resume routes take. */
export function followerId(follower: Follower): string {
  return follower.name.slice(follower.name.indexOf(':') + 1);
}

function followerPath(follower: Follower, action: 'pause' | 'resume'): string {
  const base = follower.kind === 'workflow' ? '/api/events/triggers' : '/api/events/projections';
  return `${base}/${encodeURIComponent(followerId(follower))}/${action}`;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const stream = (type: string, id: string) => `${encodeURIComponent(type)}/${encodeURIComponent(id)}`;

export const eventEndpoints = {
  streams: (options: { prefix?: string; cursor?: string; limit?: number }) =>
    api<{ streams: StreamInfo[]; next: string | null }>(`/api/events/streams${query(options)}`),
  stream: (type: string, id: string, options: { from?: number; limit?: number } = {}) =>
    api<{ type: string; id: string; version: number; events: StoredEvent[] }>(`/api/events/streams/${stream(type, id)}${query(options)}`),
  event: (id: string) => api<StoredEvent>(`/api/events/${encodeURIComponent(id)}`),
  correlated: (correlationId: string, options: { after?: number; limit?: number } = {}) =>
    api<{ events: StoredEvent[]; next: number | null }>(`/api/events${query({ correlationId, ...options })}`),
  aggregate: (type: string, id: string, asOfVersion?: number) => api<AggregateState>(`/api/aggregates/${stream(type, id)}${query({ asOfVersion })}`),
  followers: () => api<{ projections: Follower[]; safeMode: boolean }>('/api/events/projections'),
  pause: (follower: Follower) => api<Follower>(followerPath(follower, 'pause'), { method: 'POST', body: { reason: 'paused in the web app' } }),
  resume: (follower: Follower) => api<Follower>(followerPath(follower, 'resume'), { method: 'POST' }),
};
