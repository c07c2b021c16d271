import { Hono } from 'hono';
import type { StoreService } from '../service.ts';
import { adminRoutes } from './admin.ts';
import { blobDownloadRoutes } from './blob-download.ts';
import { blobUploadRoutes } from './blob-upload.ts';
import { exportRoutes } from './export.ts';

/** Every route of the store, in one app the server mounts at the root; what they throw, the server's error handler answers. */
export function storeRoutes(store: () => StoreService): Hono {
  const app = new Hono();
  app.route('/', blobDownloadRoutes(store));
  app.route('/', blobUploadRoutes(store));
  app.route('/', exportRoutes(store));
  app.route('/', adminRoutes(store));
  return app;
}
