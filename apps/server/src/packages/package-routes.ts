import { answers, canonicalJson, type Engine, PatternError, sha256 } from '@pattern/core';
import { Hono } from 'hono';
import { answersNothing, refuses } from '../api/answers.ts';
import {
  type PackageInstall,
  PackageInstallSchema,
  type PackageList,
  PackageListSchema,
  type PackagePut,
  PackagePutSchema,
  type StoredPackageAnswer,
  StoredPackageSchema,
} from '../api/package-answers.ts';
import { jsonBody } from '../http/json-body.ts';
import { compareSemver, InstallBodySchema, type PackageBody, PackageBodySchema, type StoredPackage } from './package-schema.ts';
import type { PackageStore } from './package-store.ts';

interface CollectionService {
  ensureCollection(declaration: unknown): Promise<unknown>;
}

export function packageHash(body: PackageBody): string {
  return sha256(canonicalJson({ manifest: body.manifest, contents: { workflows: body.workflows, collections: body.collections } }));
}

function verified(pkg: StoredPackage): StoredPackage {
  if (packageHash(pkg) !== pkg.hash) {
    throw new PatternError('integrity_failed', `Package ${pkg.manifest.id}@${pkg.manifest.version} does not match its hash and is refused`, {
      id: pkg.manifest.id,
      version: pkg.manifest.version,
    });
  }
  return pkg;
}

function newest(list: StoredPackage[]): StoredPackage | undefined {
  return [...list].sort((a, b) => compareSemver(b.manifest.version, a.manifest.version))[0];
}

/** Packages: bundles of workflows and collection declarations that move between installations. */
export function packageRoutes(engine: Engine, packages: PackageStore) {
  const required = async (id: string, version: string) => {
    const pkg = await packages.get(id, version);
    if (!pkg) throw new PatternError('not_found', `There is no package ${id}@${version}`, { id, version });
    return verified(pkg);
  };
  const noPackage = refuses(404, 'There is no such package, or no such version of it.');
  const tampered = refuses(422, 'The stored package no longer matches its hash and is refused (`integrity_failed`).');
  return new Hono()
    .post('/api/packages', jsonBody(PackageBodySchema), answers(PackagePutSchema), answers(PackagePutSchema, 201), async (c) => {
      const body = c.req.valid('json');
      const now = new Date().toISOString();
      const { replaced, stored } = await packages.put({ ...body, hash: packageHash(body), createdAt: now, updatedAt: now });
      return c.json({ replaced, package: stored } satisfies PackagePut, replaced ? 200 : 201);
    })
    .get('/api/packages', answers(PackageListSchema), async (c) => {
      const byId = new Map<string, StoredPackage[]>();
      for (const pkg of await packages.all()) byId.set(pkg.manifest.id, [...(byId.get(pkg.manifest.id) ?? []), pkg]);
      const latest = [...byId.values()].map((list) => newest(list) as StoredPackage).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
      return c.json({
        packages: latest.map((p) => ({
          ...p.manifest,
          hash: p.hash,
          workflows: p.workflows.length,
          collections: p.collections.length,
          versions: (byId.get(p.manifest.id) ?? [])
            .map((v) => v.manifest.version)
            .sort(compareSemver)
            .reverse(),
          updatedAt: p.updatedAt,
        })),
      } satisfies PackageList);
    })
    .get('/api/packages/:id', answers(StoredPackageSchema.describe('The newest version of the package.')), noPackage, tampered, async (c) => {
      const id = c.req.param('id');
      const latest = newest(await packages.versions(id));
      if (!latest) throw new PatternError('not_found', `There is no package ${id}`, { id });
      return c.json(verified(latest) satisfies StoredPackageAnswer);
    })
    .get('/api/packages/:id/:version', answers(StoredPackageSchema), noPackage, tampered, async (c) =>
      c.json((await required(c.req.param('id'), c.req.param('version'))) satisfies StoredPackageAnswer),
    )
    .delete('/api/packages/:id/:version', answersNothing('The package version is deleted.'), noPackage, async (c) => {
      const id = c.req.param('id');
      const version = c.req.param('version');
      if (!(await packages.delete(id, version))) throw new PatternError('not_found', `There is no package ${id}@${version}`, { id, version });
      return c.body(null, 204);
    })
    .post(
      '/api/packages/:id/:version/install',
      jsonBody(InstallBodySchema),
      answers(PackageInstallSchema),
      refuses(400, 'The body breaks the route’s schema, or the package declares collections and the store mod is not loaded (`bad_request`).'),
      noPackage,
      refuses(409, 'Some of its workflows exist here already; install with `overwrite` to replace them (`conflict`, the ids in `details.clashes`).'),
      refuses(
        422,
        'The stored package no longer matches its hash (`integrity_failed`), or some of its workflows cannot run here (`validation_failed`).',
      ),
      async (c) => {
        const pkg = await required(c.req.param('id'), c.req.param('version'));
        const options = c.req.valid('json');
        const clashes = pkg.workflows.filter((w) => engine.workflows.get(w.id) !== undefined).map((w) => w.id);
        if (clashes.length > 0 && !options.overwrite) {
          throw new PatternError(
            'conflict',
            `Workflows that already exist here: ${clashes.join(', ')}; nothing was installed (install with overwrite to replace them)`,
            {
              clashes,
            },
          );
        }
        const problems = Object.fromEntries(pkg.workflows.map((w) => [w.id, engine.validate(w)]).filter(([, p]) => (p as unknown[]).length > 0));
        if (Object.keys(problems).length > 0) {
          throw new PatternError('validation_failed', `Some workflows of the package cannot run here; nothing was installed`, { problems });
        }
        if (pkg.collections.length > 0 && !engine.services.has('store')) {
          throw new PatternError('bad_request', 'The package declares collections but the store mod is not loaded; nothing was installed', {
            collections: pkg.collections.map((col) => col.name),
          });
        }
        const note = `from package ${pkg.manifest.id}@${pkg.manifest.version}`;
        const installed: Array<{ id: string; replaced: boolean; version: number | null }> = [];
        for (const workflow of pkg.workflows) {
          const replaced = clashes.includes(workflow.id);
          await engine.workflows.save(workflow.id, workflow);
          const version = options.publish ? (await engine.workflows.publish(workflow.id, note)).version.version : null;
          installed.push({ id: workflow.id, replaced, version });
        }
        for (const collection of pkg.collections) await engine.services.get<CollectionService>('store').ensureCollection(collection);
        return c.json({
          package: `${pkg.manifest.id}@${pkg.manifest.version}`,
          workflows: installed,
          collections: pkg.collections.map((col) => col.name),
        } satisfies PackageInstall);
      },
    );
}
