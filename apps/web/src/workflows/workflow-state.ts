import type { InferResponseType } from 'hono/client';
import { answer } from '../api/client.ts';
import { server } from '../api/server.ts';

const param = (id: string) => ({ param: { id: encodeURIComponent(id) } });

/** Whether a saved workflow is active or paused, and what its schedule does next. */
export type WorkflowState = InferResponseType<(typeof server.api.workflows)[':id']['state']['$get']>;

export const workflowState = {
  get: (id: string) => answer(server.api.workflows[':id'].state.$get(param(id))),
  set: (id: string, active: boolean) => answer(server.api.workflows[':id'].state.$put({ ...param(id), json: { active } })),
};

/** A time ahead, as a person reads it: "in 12 s", "in 5 min", "today 03:00", "Mon 2 Feb 03:00". */
export function formatAhead(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (seconds < 1) return 'now';
  if (seconds < 60) return `in ${seconds} s`;
  if (seconds < 3600) return `in ${Math.round(seconds / 60)} min`;
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === date.toDateString()) return `today ${time}`;
  return `${date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })} ${time}`;
}
