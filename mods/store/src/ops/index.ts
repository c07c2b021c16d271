import { storeBlobDelete } from './store-blob-delete.ts';
import { storeBlobGet } from './store-blob-get.ts';
import { storeBlobPut } from './store-blob-put.ts';
import { storeCount } from './store-count.ts';
import { storeDelete } from './store-delete.ts';
import { storeGet } from './store-get.ts';
import { storeLeaseAcquire } from './store-lease-acquire.ts';
import { storeLeaseRelease } from './store-lease-release.ts';
import { storeLeaseRenew } from './store-lease-renew.ts';
import { storePatch } from './store-patch.ts';
import { storePut } from './store-put.ts';
import { storeQuery } from './store-query.ts';

export const storeOps = [
  storeGet,
  storePut,
  storePatch,
  storeDelete,
  storeQuery,
  storeCount,
  storeBlobPut,
  storeBlobGet,
  storeBlobDelete,
  storeLeaseAcquire,
  storeLeaseRenew,
  storeLeaseRelease,
];
