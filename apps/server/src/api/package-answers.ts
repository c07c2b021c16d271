import { z } from 'zod';
import { ManifestSchema, PackageBodySchema } from '../packages/package-schema.ts';

/** What the package routes answer, by contract, as the OpenAPI document describes them and the web app reads them. */

export const StoredPackageSchema = PackageBodySchema.extend({
  hash: z.string().describe('The SHA-256 of the manifest and contents, checked on every read.'),
  createdAt: z.string(),
  updatedAt: z.string(),
}).describe('The package: its manifest, workflows and collection declarations.');

export const PackagePutSchema = z
  .object({ replaced: z.boolean().describe('Whether that id and version was stored already.'), package: StoredPackageSchema })
  .describe('The package is stored (201), or replaced the one of the same id and version (200).');

export const PackageListSchema = z
  .object({
    packages: z.array(
      ManifestSchema.extend({
        hash: z.string(),
        workflows: z.number().int().describe('How many workflows the newest version holds.'),
        collections: z.number().int().describe('How many collection declarations it holds.'),
        versions: z.array(z.string()).describe('Every stored version, newest first.'),
        updatedAt: z.string(),
      }),
    ),
  })
  .describe('The newest version of every package, most recently updated first.');

export const PackageInstallSchema = z
  .object({
    package: z.string().describe('`id@version`.'),
    workflows: z.array(
      z.object({
        id: z.string(),
        replaced: z.boolean(),
        version: z.number().int().nullable().describe('The version it was published as; null when saved as a draft only.'),
      }),
    ),
    collections: z.array(z.string()).describe('The collections ensured in the store.'),
  })
  .describe('What the install saved, published and ensured.');

export type StoredPackageAnswer = z.infer<typeof StoredPackageSchema>;
export type PackagePut = z.infer<typeof PackagePutSchema>;
export type PackageList = z.infer<typeof PackageListSchema>;
export type PackageInstall = z.infer<typeof PackageInstallSchema>;
