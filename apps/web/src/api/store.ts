import type { BlobMeta, CollectionInfo, Doc, Lease, Order, Where } from '@pattern/server/api-type';
import { api, reach } from './client.ts';

export type { BlobMeta, CollectionInfo, Doc, Lease, Order, Where };

export interface DocQuery {
  where?: Where | undefined;
  orderBy?: string | undefined;
  order?: Order | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const collectionPath = (name: string) => `/api/store/collections/${encodeURIComponent(name)}`;
const docPath = (collection: string, id: string) => `${collectionPath(collection)}/docs/${encodeURIComponent(id)}`;

function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params.toString();
}

function docParams(query: Omit<DocQuery, 'limit' | 'cursor'>) {
  return {
    where: query.where && Object.keys(query.where).length > 0 ? JSON.stringify(query.where) : undefined,
    orderBy: query.orderBy,
    order: query.order,
  };
}

/** The store's admin API, as the data browser calls it. */
export const storeApi = {
  collections: async () => (await api<{ collections: CollectionInfo[] }>('/api/store/collections')).collections,
  declare: (name: string, indexes: string[]) => api<CollectionInfo>('/api/store/collections', { method: 'POST', body: { name, indexes } }),
  docs: (collection: string, query: DocQuery, signal?: AbortSignal) =>
    api<{ docs: Doc[]; next: string | null }>(
      `${collectionPath(collection)}/docs?${queryString({ ...docParams(query), limit: query.limit, cursor: query.cursor })}`,
      { signal },
    ),
  doc: (collection: string, id: string) => api<Doc>(docPath(collection, id)),
  /** `version` is the If-Match precondition: the version the document must still have (0: it must not exist yet). */
  put: (collection: string, id: string, data: Record<string, unknown>, version: number | undefined) =>
    api<Doc>(docPath(collection, id), { method: 'PUT', body: data, headers: version === undefined ? {} : { 'If-Match': String(version) } }),
  /** A new document under an id the store assigns (a ULID). */
  create: (collection: string, data: Record<string, unknown>) => api<Doc>(`${collectionPath(collection)}/docs`, { method: 'POST', body: data }),
  remove: (collection: string, id: string, version: number) =>
    api<{ deleted: true }>(docPath(collection, id), { method: 'DELETE', headers: { 'If-Match': String(version) } }),
  exportUrl: (collection: string, format: 'jsonl' | 'csv', query: Omit<DocQuery, 'limit' | 'cursor'>) =>
    `${collectionPath(collection)}/export?${queryString({ format, ...docParams(query) })}`,

  blobs: (cursor?: string, limit = 50) => api<{ blobs: BlobMeta[]; next: string | null }>(`/api/store/blobs?${queryString({ cursor, limit })}`),
  uploadBlob: async (file: File): Promise<BlobMeta> => {
    const response = await reach(`/api/store/blobs?${queryString({ filename: file.name || undefined })}`, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
    });
    const body = (await response.json().catch(() => undefined)) as (BlobMeta & { error?: { message: string } }) | undefined;
    if (!response.ok) throw new Error(body?.error?.message ?? `The server answered ${response.status}`);
    return body as BlobMeta;
  },
  removeBlob: (id: string) => api<{ deleted: true }>(`/api/store/blobs/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  blobUrl: (id: string) => `/store/blobs/${encodeURIComponent(id)}`,
  /** The first `bytes` of a blob as text, for a preview. */
  blobText: async (id: string, bytes: number, signal: AbortSignal) => {
    const response = await reach(storeApi.blobUrl(id), { headers: { Range: `bytes=0-${bytes - 1}` }, signal });
    if (!response.ok) throw new Error(`The server answered ${response.status}`);
    return response.text();
  },

  leases: async () => (await api<{ leases: Lease[] }>('/api/store/leases')).leases,
  releaseLease: (key: string) => api<{ released: true }>(`/api/store/leases/${encodeURIComponent(key)}`, { method: 'DELETE' }),
};
