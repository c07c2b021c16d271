import { describe, expect, test } from 'vitest';
import { buildPackage, collectionsUsed, parsePackageFile } from '../src/packages/package-file.ts';
import { greeter, saver } from './fixtures/workflows.ts';

describe('package files', () => {
  test('bundle the collections the workflows use, with the indexes the store knows', () => {
    expect(collectionsUsed([saver, greeter('x'), { ...saver, id: 'other' }])).toEqual(['pkg_people']);
    const pkg = buildPackage(
      { id: 'p', version: '1.0.0', name: 'P', description: '' },
      [saver],
      [
        { name: 'pkg_people', indexes: ['email'] },
        { name: 'unused', indexes: [] },
      ],
    );
    expect(pkg.collections).toEqual([{ name: 'pkg_people', indexes: ['email'] }]);
    const unknown = buildPackage({ id: 'p', version: '1.0.0', name: 'P', description: '' }, [saver], []);
    expect(unknown.collections).toEqual([{ name: 'pkg_people', indexes: [] }]);
  });

  test('reading a file names what is missing', () => {
    expect(() => parsePackageFile([])).toThrow('it has no "manifest"');
    expect(() => parsePackageFile({ manifest: { id: 'p', name: 'P' } })).toThrow('manifest.version is missing');
    expect(() => parsePackageFile({ manifest: { id: 'p', version: '1.0.0', name: 'P' }, workflows: {} })).toThrow('"workflows" is not a list');
    expect(parsePackageFile({ manifest: { id: 'p', version: '1.0.0', name: 'P' } })).toEqual({
      manifest: { id: 'p', version: '1.0.0', name: 'P', description: '' },
      workflows: [],
      collections: [],
    });
  });
});
