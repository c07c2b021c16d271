import { storeBlobDelete, storeBlobGet, storeBlobPut } from './blobs.ts';
import { storeCount, storeDelete, storeGet, storePatch, storePut, storeQuery } from './documents.ts';
import { storeLeaseAcquire, storeLeaseRelease, storeLeaseRenew } from './leases.ts';

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
