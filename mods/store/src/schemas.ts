import { JsonObjectSchema, PatternError } from '@pattern/core';
import { z } from 'zod';

/** The contracts of the store: every type the service, drivers, ops and routes share comes from here. */

export const CollectionNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'a collection name starts with a letter and has letters, digits, "_", "." or "-" (64 at most)');

export const IndexPathSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'an index is a dotted path of field names, like "customer.city"');

export const CollectionDeclarationSchema = z.object({
  name: CollectionNameSchema,
  indexes: z.array(IndexPathSchema).default([]),
});

export const CollectionInfoSchema = z.object({
  name: z.string(),
  indexes: z.array(z.string()),
  count: z.number().int(),
});

export const DocIdSchema = z.string().min(1).max(200);
/** Kept as given, every key included (`__proto__` too: `z.record` would drop it). */
export const DocDataSchema = JsonObjectSchema;
export const VersionSchema = z.number().int().min(0);

export const DocSchema = z.object({
  id: z.string(),
  data: DocDataSchema,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const FenceSchema = z.object({
  key: z.string().min(1),
  token: z.number().int().min(1),
});

export const ScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ConditionSchema = z.strictObject({
  eq: ScalarSchema.optional(),
  gt: ScalarSchema.optional(),
  gte: ScalarSchema.optional(),
  lt: ScalarSchema.optional(),
  lte: ScalarSchema.optional(),
  in: z.array(ScalarSchema).max(1000).optional(),
});

/** `{ status: "open" }` is equality; `{ total: { gte: 10, lt: 100 } }` and `{ status: { in: [...] } }` are operators. */
export const WhereSchema = z.record(z.string(), z.union([ScalarSchema, ConditionSchema]));

export const OrderSchema = z.enum(['asc', 'desc']);

export const MAX_QUERY_LIMIT = 1000;
export const DEFAULT_QUERY_LIMIT = 50;

export const QuerySchema = z.object({
  collection: CollectionNameSchema,
  where: WhereSchema.optional(),
  orderBy: IndexPathSchema.optional(),
  order: OrderSchema.optional(),
  limit: z.number().int().min(1).optional(),
  cursor: z.string().optional(),
});

export const PutSchema = z.object({
  collection: CollectionNameSchema,
  id: DocIdSchema.optional(),
  data: DocDataSchema,
  version: VersionSchema.optional(),
  fence: FenceSchema.optional(),
});

export const PatchSchema = z.object({
  collection: CollectionNameSchema,
  id: DocIdSchema,
  patch: DocDataSchema,
  version: VersionSchema,
  fence: FenceSchema.optional(),
});

export const DeleteSchema = z.object({
  collection: CollectionNameSchema,
  id: DocIdSchema,
  version: VersionSchema.optional(),
  fence: FenceSchema.optional(),
});

export const BlobMetaSchema = z.object({
  id: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  ownerId: z.string().nullable(),
  /** What a download is saved as, when the blob was given one. */
  filename: z.string().nullable(),
  createdAt: z.string(),
});

export const BlobRefSchema = z.object({ blobId: z.string(), mime: z.string() });

export const LeaseSchema = z.object({
  key: z.string(),
  owner: z.string(),
  token: z.number().int(),
  expiresAt: z.string(),
});

export const LeaseHolderSchema = z.object({ owner: z.string(), expiresAt: z.string() });

export const LeaseKeySchema = z.string().min(1).max(500);
export const LeaseOwnerSchema = z.string().min(1).max(500);
export const TtlSchema = z.number().int().min(1).max(86_400_000);
export const DEFAULT_TTL_MS = 60_000;

export const DEFAULT_MAX_BLOB_BYTES = 25 * 1024 * 1024;

export const StoreOptionsSchema = z.object({
  /** PostgreSQL is chosen by itself when the server has a database URL; `sqlite` keeps the store local even then. */
  driver: z.enum(['memory', 'sqlite', 'postgres']).optional(),
  /** The SQLite file; `<dataDir>/store.db` by default. */
  file: z.string().optional(),
  /** Where blob files go; `<dataDir>/blobs` by default. */
  blobDir: z.string().optional(),
  maxBlobBytes: z.number().int().min(1).optional(),
  /** `public: false` puts `GET /store/blobs/:id` behind the admin token like the rest of the admin surface. */
  blobRoute: z.strictObject({ public: z.boolean().default(true) }).default({ public: true }),
  collections: z.array(CollectionDeclarationSchema).optional(),
  /** A clock in epoch milliseconds; lets tests move time for lease expiry. */
  now: z.custom<() => number>((value) => typeof value === 'function').optional(),
});

/**
 * PostgreSQL text cannot hold U+0000 and SQLite can: so that every driver takes the same data,
 * the store refuses NUL in whatever it keeps as text of its own (ids, keys, owners, indexed values,
 * media types). Document data that is not indexed is JSON, where NUL is escaped, and may hold it.
 */
export function refuseNul(value: string | undefined | null, field: string): void {
  if (value?.includes('\0')) {
    throw new PatternError('bad_request', `${field} must not contain the NUL character (U+0000)`, { field });
  }
}

/** What another mod hands the store: `contributes: { store: { collections: [...] } }`. */
export const StoreContributionSchema = z.strictObject({ collections: z.array(CollectionDeclarationSchema) });

export type CollectionDeclaration = z.input<typeof CollectionDeclarationSchema>;
export type CollectionInfo = z.infer<typeof CollectionInfoSchema>;
export type Doc = z.infer<typeof DocSchema>;
export type DocData = z.infer<typeof DocDataSchema>;
export type Fence = z.infer<typeof FenceSchema>;
export type Scalar = z.infer<typeof ScalarSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type Where = z.infer<typeof WhereSchema>;
export type Order = z.infer<typeof OrderSchema>;
export type QueryInput = z.input<typeof QuerySchema>;
export type PutInput = z.input<typeof PutSchema>;
export type PatchInput = z.input<typeof PatchSchema>;
export type DeleteInput = z.input<typeof DeleteSchema>;
export type BlobMeta = z.infer<typeof BlobMetaSchema>;
export type BlobRef = z.infer<typeof BlobRefSchema>;
export type Lease = z.infer<typeof LeaseSchema>;
export type LeaseHolder = z.infer<typeof LeaseHolderSchema>;
export type StoreOptions = z.infer<typeof StoreOptionsSchema>;
export type StoreContribution = z.input<typeof StoreContributionSchema>;

export type WriteResult = { ok: true; doc: Doc } | { ok: false; current: Doc | null };
export type DeleteResult = { deleted: boolean; current: Doc | null };
export type AcquireResult = { ok: true; lease: Lease } | { ok: false; holder: LeaseHolder };

declare module '@pattern/core' {
  interface ModContributions {
    store: StoreContribution;
  }
}
