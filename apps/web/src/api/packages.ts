import type { InferRequestType, InferResponseType } from 'hono/client';
import { answer, api } from './client.ts';
import { server } from './server.ts';

const packages = server.api.packages;
const pinned = packages[':id'][':version'];

/** The package file: what `POST /api/packages` takes (every part given) and what export downloads. */
export type PackageFile = Required<InferRequestType<typeof packages.$post>['json']>;
export type PackageManifest = PackageFile['manifest'];
/** A collection declaration as the store takes it. */
export type CollectionDeclaration = PackageFile['collections'][number];
/** The newest version of a package, as `GET /api/packages` lists it. */
export type PackageListing = InferResponseType<typeof packages.$get>['packages'][number];
export type InstallResult = InferResponseType<typeof pinned.install.$post>;

const version = (id: string, number: string) => ({ param: { id: encodeURIComponent(id), version: encodeURIComponent(number) } });

export const packageEndpoints = {
  list: async () => (await answer(packages.$get())).packages,
  get: (id: string, number: string) => answer(pinned.$get(version(id, number))),
  publish: (file: PackageFile) => answer(packages.$post({ json: file })),
  remove: (id: string, number: string) => answer(pinned.$delete(version(id, number))),
  install: (id: string, number: string, options: { publish: boolean; overwrite: boolean }) =>
    answer(pinned.install.$post({ ...version(id, number), json: options })),
  /** Collection declarations (a route of the store mod), to bundle the ones a package's workflows use. */
  collections: async () => {
    const body = await api<CollectionDeclaration[] | { collections: CollectionDeclaration[] }>('/api/store/collections');
    return Array.isArray(body) ? body : (body.collections ?? []);
  },
};
