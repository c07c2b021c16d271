import type { Workflow } from '@pattern/core';
import { api } from './client.ts';

export interface PackageManifest {
  id: string;
  /** Semantic version: `1.4.0`. */
  version: string;
  name: string;
  description: string;
}

/** A collection declaration as the store takes it. */
export interface CollectionDeclaration extends Record<string, unknown> {
  name: string;
}

/** The package file: what `POST /api/packages` takes and what export downloads. */
export interface PackageFile {
  manifest: PackageManifest;
  workflows: Array<Workflow & { id: string }>;
  collections: CollectionDeclaration[];
}

export interface StoredPackage extends PackageFile {
  hash: string;
  createdAt: string;
  updatedAt: string;
}

/** The newest version of a package, as `GET /api/packages` lists it. */
export interface PackageListing extends PackageManifest {
  hash: string;
  workflows: number;
  collections: number;
  /** Every published version, newest first. */
  versions: string[];
  updatedAt: string;
}

export interface InstallResult {
  package: string;
  workflows: Array<{ id: string; replaced: boolean; version: number | null }>;
  collections: string[];
}

const path = (id: string, version: string) => `/api/packages/${encodeURIComponent(id)}/${encodeURIComponent(version)}`;

export const packageEndpoints = {
  list: async () => (await api<{ packages: PackageListing[] }>('/api/packages')).packages,
  get: (id: string, version: string) => api<StoredPackage>(path(id, version)),
  publish: (file: PackageFile) => api<{ replaced: boolean; package: StoredPackage }>('/api/packages', { method: 'POST', body: file }),
  remove: (id: string, version: string) => api<void>(path(id, version), { method: 'DELETE' }),
  install: (id: string, version: string, options: { publish: boolean; overwrite: boolean }) =>
    api<InstallResult>(`${path(id, version)}/install`, { method: 'POST', body: options }),
  /** Collection declarations, to bundle the ones a package's workflows use. */
  collections: async () => {
    const body = await api<CollectionDeclaration[] | { collections: CollectionDeclaration[] }>('/api/store/collections');
    return Array.isArray(body) ? body : (body.collections ?? []);
  },
};
