import type { StoredPackage } from './package-schema.ts';

/** Published packages by `(id, version)`; the stores are in persistence/packages/. */
export interface PackageStore {
  /** Inserts or replaces; says whether it replaced. */
  put(pkg: StoredPackage): Promise<{ replaced: boolean; stored: StoredPackage }>;
  get(id: string, version: string): Promise<StoredPackage | undefined>;
  versions(id: string): Promise<StoredPackage[]>;
  all(): Promise<StoredPackage[]>;
  delete(id: string, version: string): Promise<boolean>;
}
