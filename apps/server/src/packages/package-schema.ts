import { IdSchema, WorkflowSchema } from '@pattern/core';
import { z } from 'zod';

export const SemverSchema = z
  .string()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/, 'a semantic version like 1.4.0');

export const ManifestSchema = z.strictObject({
  id: IdSchema,
  version: SemverSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
});

/** A collection declaration as the store takes it; the store validates the details on install. */
export const CollectionDeclarationSchema = z.looseObject({ name: z.string().min(1).max(200) });

export const PackageBodySchema = z.strictObject({
  manifest: ManifestSchema,
  workflows: z
    .array(WorkflowSchema.required({ id: true }))
    .max(1000)
    .default([]),
  collections: z.array(CollectionDeclarationSchema).max(1000).default([]),
});

export const InstallBodySchema = z.strictObject({
  /** Publish each workflow as a new active version, not only save it as a draft. */
  publish: z.boolean().default(false),
  /** Replace workflows that already exist instead of reporting the clash. */
  overwrite: z.boolean().default(false),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type PackageBody = z.infer<typeof PackageBodySchema>;

export interface StoredPackage extends PackageBody {
  hash: string;
  createdAt: string;
  updatedAt: string;
}

/** Orders semantic versions: numbers numerically, and a pre-release before its release. */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('+')[0]?.split(/-(.*)/s) ?? [];
    return { nums: core.split('.').map(Number), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}
