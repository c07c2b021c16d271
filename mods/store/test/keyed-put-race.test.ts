import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { freshSchema, tempDir } from '@pattern/testing';
import { expect, it } from 'vitest';
import { createPostgresDriver } from '../src/drivers/postgres.ts';
import type { WriteResult } from '../src/schemas.ts';
import { StoreService } from '../src/service.ts';

const script = fileURLToPath(new URL('./fixtures/keyed-puts.ts', import.meta.url));
const KEYS = 40;

/** The lines a child prints, as they come. */
function lines(child: ChildProcessByStdio<Writable, Readable, null>): AsyncGenerator<string> {
  let buffered = '';
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    queue.push(...parts);
    wake?.();
  });
  child.on('exit', () => {
    ended = true;
    wake?.();
  });
  return (async function* () {
    for (;;) {
      const line = queue.shift();
      if (line !== undefined) yield line;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  })();
}

// A minute, not the default: two processes start (and compile) on a machine shared with other tests.
it('two processes putting under the same idempotency keys at once on PostgreSQL make one write per key, and both answer it', async () => {
  const schema = await freshSchema('store_keyed_race');
  const dir = tempDir();
  try {
    const children = [0, 1].map(() =>
      spawn(process.execPath, ['--import', 'tsx', script, schema.url, String(KEYS), join(dir, 'blobs')], { stdio: ['pipe', 'pipe', 'inherit'] }),
    );
    const outputs = children.map(lines);
    for (const output of outputs) expect((await output.next()).value).toBe('ready');
    const at = Date.now() + 300;
    for (const child of children) child.stdin.write(`${at}\n`);
    const [a, b] = (await Promise.all(outputs.map(async (output) => (await output.next()).value))).map(
      (line) => JSON.parse(String(line)) as WriteResult[][],
    );
    expect(a).toHaveLength(KEYS);
    // Every put under a key, in either process, answers the one write made under it.
    const answers = (a ?? []).map((tries) => tries[0]);
    for (const results of [a, b]) expect(results).toEqual(answers.map((answer) => [answer, answer, answer]));

    const store = await new StoreService({ driver: await createPostgresDriver(schema.url, { poolSize: 2 }), blobDir: join(dir, 'blobs') }).open();
    try {
      const docs = (await store.query({ collection: 'race', limit: 1000 })).docs;
      expect(docs).toHaveLength(KEYS);
      expect(docs.every((doc) => doc.version === 1)).toBe(true);
      expect(new Set(docs.map((doc) => doc.id))).toEqual(new Set(answers.map((answer) => (answer?.ok ? answer.doc.id : ''))));
    } finally {
      await store.close();
    }
  } finally {
    await schema.drop();
  }
}, 60_000);
