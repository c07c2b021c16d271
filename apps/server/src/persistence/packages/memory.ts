import type { StoredPackage } from '../../packages/package-schema.ts';
import type { PackageStore } from '../../packages/package-store.ts';

/** Published packages in memory, for tests and `storage: "memory"`. */
export function createMemoryPackageStore(): PackageStore {
  const packages = new Map<string, StoredPackage>();
  const key = (id: string, version: string) => `${id}@${version}`;
  return {
    async put(pkg) {
      const previous = packages.get(key(pkg.manifest.id, pkg.manifest.version));
      const stored = { ...pkg, createdAt: previous?.createdAt ?? pkg.createdAt };
      packages.set(key(pkg.manifest.id, pkg.manifest.version), stored);
      return { replaced: previous !== undefined, stored };
    },
    async get(id, version) {
      return packages.get(key(id, version));
    },
    async versions(id) {
      return [...packages.values()].filter((p) => p.manifest.id === id);
    },
    async all() {
      return [...packages.values()];
    },
    async delete(id, version) {
      return packages.delete(key(id, version));
    },
  };
}
