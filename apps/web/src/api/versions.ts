import type { Activation, PublishResult, VersionInfo, Workflow, WorkflowVersion } from '@pattern/core';
import { api } from './client.ts';

export type { Activation, PublishResult };

/** A version as `GET /api/workflows/:id/versions` lists it. */
export interface VersionListing extends VersionInfo {
  active: boolean;
}

export interface VersionList {
  activeVersion: number | null;
  versions: VersionListing[];
  activations: Activation[];
}

/** One published version with its document. */
export interface VersionDocument extends WorkflowVersion {
  document: Workflow;
  active: boolean;
}

const path = (id: string) => `/api/workflows/${encodeURIComponent(id)}/versions`;

export const versionEndpoints = {
  list: (id: string) => api<VersionList>(path(id)),
  get: (id: string, version: number | 'latest') => api<VersionDocument>(`${path(id)}/${version}`),
  publish: (id: string, note: string) => api<PublishResult>(path(id), { method: 'POST', body: { note } }),
  activate: (id: string, version: number) => api<unknown>(`${path(id)}/${version}/activate`, { method: 'POST' }),
  remove: (id: string, version: number) => api<void>(`${path(id)}/${version}`, { method: 'DELETE' }),
};
