import { z } from 'zod';
import { BlobMetaSchema, CollectionInfoSchema, DocSchema, LeaseSchema } from '../schemas.ts';

/** What the store's admin routes answer, as the server's OpenAPI document describes them. */

export const CollectionListSchema = z.object({ collections: z.array(CollectionInfoSchema) }).describe('Every collection, with its indexes.');

export const DocPageSchema = z
  .object({ docs: z.array(DocSchema), next: z.string().nullable().describe('The cursor of the next page; null on the last one.') })
  .describe('One page of the documents that match, in order.');

export const BlobPageSchema = z
  .object({ blobs: z.array(BlobMetaSchema), next: z.string().nullable().describe('The cursor of the next page; null on the last one.') })
  .describe('One page of the blobs, newest first.');

export const LeaseListSchema = z.object({ leases: z.array(LeaseSchema) }).describe('The leases held now.');

export const DeletedSchema = z.object({ deleted: z.literal(true) }).describe('It was deleted.');

export const ReleasedSchema = z.object({ released: z.literal(true) }).describe('The lease was released, whoever held it.');

export type CollectionList = z.infer<typeof CollectionListSchema>;
export type DocPage = z.infer<typeof DocPageSchema>;
export type BlobPage = z.infer<typeof BlobPageSchema>;
export type LeaseList = z.infer<typeof LeaseListSchema>;
