import type { Logger } from '@pattern/core';
import { Hono } from 'hono';
import type { StoreService } from '../service.ts';
import { adminRoutes } from './admin.ts';
import { blobDownloadRoutes } from './blob-download.ts';
import { blobUploadRoutes } from './blob-upload.ts';
import { errorResponse } from './errors.ts';
import { exportRoutes } from './export.ts';

/** Every route of the store, in one app the server mounts at the root. */
export function storeRoutes(store: () => StoreService, log: Logger): Hono {
  const app = new Hono();
  app.onError(errorResponse(log));
  app.route('/', blobDownloadRoutes(store));
  app.route('/', blobUploadRoutes(store));
  app.route('/', exportRoutes(store));
  app.route('/', adminRoutes(store));
  return app;
}
