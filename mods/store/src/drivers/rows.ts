import { isoAt } from '@pattern/core';
import type { BlobMeta, Doc, DocData, Lease } from '../schemas.ts';

/** Rows as the drivers read them. PostgreSQL returns BIGINT as text; SQLite returns numbers. */
export interface DocRow {
  id: string;
  data: DocData;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface LeaseRow {
  key: string;
  owner: string | null;
  token: number | string;
  expires_at: number | string;
}

export interface BlobRow {
  id: string;
  mime: string;
  size: number | string;
  sha256: string;
  owner_id: string | null;
  /** Null in rows written before blobs had file names, too. */
  filename: string | null;
  created_at: string;
}

export const toDoc = (row: DocRow): Doc => ({
  id: row.id,
  data: row.data,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Only rows of a held lease are read as leases: `owner` is set. */
export const toLease = (row: LeaseRow): Lease => ({
  key: row.key,
  owner: row.owner as string,
  token: Number(row.token),
  expiresAt: isoAt(Number(row.expires_at)),
});

export const toBlob = (row: BlobRow): BlobMeta => ({
  id: row.id,
  mime: row.mime,
  size: Number(row.size),
  sha256: row.sha256,
  ownerId: row.owner_id,
  filename: row.filename ?? null,
  createdAt: row.created_at,
});
