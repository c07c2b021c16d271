import { describe, expect, it } from 'vitest';
import { ReservedPaths } from '../src/http/reserved-paths.ts';

describe('reserved paths', () => {
  it('covers every spelling of a reserved path, whatever its first segment is, and nothing else', () => {
    const reserved = new ReservedPaths([{ paths: ['/', '/api/*', '/favicon.*', '/store/blobs/:id'], owner: 'tests' }]);
    for (const path of ['/', '//', '/api', '/API/runs', '//api//runs/', '/api%2Fruns', '/favicon.ico', '/Store/Blobs/b1']) {
      expect(reserved.covers(path), path).toBe(true);
    }
    for (const path of ['/hello', '/apis', '/favicon', '/store', '/store/blobs/b1/more', '/x/api']) {
      expect(reserved.covers(path), path).toBe(false);
    }
  });

  it('still covers what a reservation starting with a parameter covers', () => {
    const reserved = new ReservedPaths([{ paths: ['/:tenant/admin', '/api/*'], owner: 'tests' }]);
    expect(reserved.covers('/acme/admin')).toBe(true);
    expect(reserved.covers('/ACME//Admin/')).toBe(true);
    expect(reserved.covers('/api/runs')).toBe(true);
    expect(reserved.covers('/acme/orders')).toBe(false);
  });
});
