import { PatternError } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreService } from '../src/service.ts';
import { type DriverKind, openService } from './helpers.ts';

/** Hostile names: each is refused before anything is stored. */
export const HOSTILE_FILENAMES = [
  '',
  'a\r\nX-Evil: 1',
  'a\nb',
  'nul\u0000.txt',
  'tab\t.txt',
  'del\u007f',
  'c1\u0085',
  '../etc/passwd',
  'dir\\file.txt',
  '.',
  '..',
  'gnp\u202e.exe',
  'line\u2028sep',
  'lone\ud800surrogate',
  'x'.repeat(256),
];

async function failure(promise: Promise<unknown>): Promise<PatternError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PatternError) return error;
    throw error;
  }
  throw new Error('expected a PatternError');
}

/** What every driver keeps of a blob's file name, run against each through the store service. */
export function blobFilenameContract(kind: DriverKind): void {
  let store: StoreService;

  beforeEach(async () => {
    store = await openService(kind, tempDir());
  });
  afterEach(async () => {
    await store.close();
  });

  describe('blob file names', () => {
    it('keeps the file name in the metadata it answers, gets and lists; null without one', async () => {
      const names = ['report.pdf', 'Grüße "2026" – ünïcödé.txt', '報告 😀.csv', `semi;colon,comma'quote%20.bin`, 'x'.repeat(255)];
      const stored = [];
      for (const filename of names) stored.push(await store.blobs.put('bytes', { filename }));
      const nameless = await store.blobs.put('bytes');
      expect(stored.map((b) => b.filename)).toEqual(names);
      expect(nameless.filename).toBeNull();
      for (const blob of [...stored, nameless]) expect(await store.blobs.getMeta(blob.id)).toEqual(blob);
      const listed = (await store.blobs.list()).blobs;
      expect(listed.map((b) => b.filename)).toEqual([null, ...[...names].reverse()]);
    });

    it('refuses a hostile file name with bad_request naming filename, and keeps nothing', async () => {
      for (const filename of HOSTILE_FILENAMES) {
        const error = await failure(store.blobs.put('bytes', { filename }));
        expect(error.code, JSON.stringify(filename)).toBe('bad_request');
        expect(error.details, JSON.stringify(filename)).toMatchObject({ field: 'filename' });
      }
      expect((await store.blobs.list()).blobs).toEqual([]);
      expect(await store.blobs.storage.storedIds()).toEqual([]);
    });
  });
}
