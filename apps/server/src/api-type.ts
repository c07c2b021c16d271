import type { apiRoutes } from './api/api-routes.ts';

/** The type of the server's API, for `hc<ApiApp>` in the web app: types only, no server code. */
export type ApiApp = ReturnType<typeof apiRoutes>;

/** Records the default mods' routes answer with, so the web app needs no import from a mod. */
export type { LoadResult, StoredEvent, StreamInfo, SubscriptionStatus } from '@pattern/mod-event-store';
export type { BlobMeta, CollectionInfo, Doc, Lease, Order, Where } from '@pattern/mod-store';
/** The shape of every refusal and failure the API answers. */
export type { ErrorAnswer } from './api/answers.ts';
