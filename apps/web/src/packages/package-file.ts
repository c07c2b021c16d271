import type { CollectionDeclaration, PackageFile, PackageManifest } from '../api/packages.ts';
import type { Workflow } from '../api/types.ts';

export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Collection names the workflows' nodes name in their `collection` setting, sorted. */
export function collectionsUsed(workflows: readonly Workflow[]): string[] {
  const names = new Set<string>();
  for (const workflow of workflows) {
    for (const node of workflow.nodes) {
      const name = node.config?.collection;
      if (typeof name === 'string' && name !== '') names.add(name);
    }
  }
  return [...names].sort();
}

/**
 * The package file for some saved workflows: their documents as saved, and a declaration for
 * every collection they use (with its indexes, when the store knows it), so an install elsewhere
 * creates what the workflows query.
 */
export function buildPackage(
  manifest: PackageManifest,
  workflows: ReadonlyArray<Workflow & { id: string }>,
  known: ReadonlyArray<{ name: string; indexes?: string[] }>,
): PackageFile {
  const byName = new Map(known.map((c) => [c.name, c]));
  const collections: CollectionDeclaration[] = collectionsUsed(workflows).map((name) => ({ name, indexes: [...(byName.get(name)?.indexes ?? [])] }));
  return { manifest, workflows: workflows.map((w) => ({ ...w })), collections };
}

export function packageFileName(manifest: Pick<PackageManifest, 'id' | 'version'>): string {
  return `${manifest.id}-${manifest.version}.pattern-package.json`;
}

/** Reads a file a person picked: a package (`manifest`, `workflows`), with a message naming what is missing otherwise. */
export function parsePackageFile(value: unknown): PackageFile {
  if (value === null || typeof value !== 'object') throw new Error('it is not a package: expected a JSON object');
  const candidate = value as Partial<PackageFile>;
  const manifest = candidate.manifest as Partial<PackageManifest> | undefined;
  if (!manifest || typeof manifest !== 'object') throw new Error('it is not a package: it has no "manifest"');
  for (const key of ['id', 'version', 'name'] as const) {
    if (typeof manifest[key] !== 'string' || manifest[key] === '') throw new Error(`it is not a package: manifest.${key} is missing`);
  }
  if (candidate.workflows !== undefined && !Array.isArray(candidate.workflows)) throw new Error('it is not a package: "workflows" is not a list');
  if (candidate.collections !== undefined && !Array.isArray(candidate.collections))
    throw new Error('it is not a package: "collections" is not a list');
  return {
    manifest: {
      id: manifest.id as string,
      version: manifest.version as string,
      name: manifest.name as string,
      description: manifest.description ?? '',
    },
    workflows: candidate.workflows ?? [],
    collections: candidate.collections ?? [],
  };
}

/** The part of a stored package that is the file: what was published, without the server's bookkeeping. */
export function fileOf(stored: PackageFile): PackageFile {
  return { manifest: stored.manifest, workflows: stored.workflows, collections: stored.collections };
}
