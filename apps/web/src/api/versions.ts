import type { InferResponseType } from 'hono/client';
import { answer } from './client.ts';
import { server } from './server.ts';

const versions = server.api.workflows[':id'].versions;
const one = versions[':version'];

/** A workflow's published versions, which one is active, and the history of activations. */
export type VersionList = InferResponseType<typeof versions.$get>;

const workflow = (id: string) => ({ param: { id: encodeURIComponent(id) } });
const version = (id: string, number: number | 'latest') => ({ param: { id: encodeURIComponent(id), version: String(number) } });

export const versionEndpoints = {
  list: (id: string) => answer(versions.$get(workflow(id))),
  get: (id: string, number: number | 'latest') => answer(one.$get(version(id, number))),
  publish: (id: string, note: string) => answer(versions.$post({ ...workflow(id), json: { note } })),
  activate: (id: string, number: number) => answer(one.activate.$post(version(id, number))),
  remove: (id: string, number: number) => answer(one.$delete(version(id, number))),
};
