import { freshSchema } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Command, RealtimeDriver } from '../src/drivers/driver.ts';
import { createMemoryDriver } from '../src/drivers/memory.ts';
import { createPostgresDriver } from '../src/drivers/postgres.ts';
import { createSqliteDriver } from '../src/drivers/sqlite.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const info = (id: string) => ({ id, workflowId: 'chat', path: '/chat', address: '127.0.0.1', openedAt: new Date().toISOString(), rooms: [] });

function inbox(): { commands: Command[]; next(): Promise<Command>; deliver(command: Command): void } {
  const commands: Command[] = [];
  let waiting: ((command: Command) => void) | undefined;
  return {
    commands,
    deliver(command) {
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve(command);
      } else commands.push(command);
    },
    next: () => {
      const first = commands.shift();
      return first ? Promise.resolve(first) : new Promise((resolve) => (waiting = resolve));
    },
  };
}

describe.each([
  ['memory', createMemoryDriver],
  ['sqlite', createSqliteDriver],
])('the %s driver (one server)', (_name, create) => {
  it('has no other server to reach', async () => {
    const driver = create();
    await driver.start('a', () => {});
    await driver.opened(info('a.1'));
    expect(await driver.held('a.1')).toBe(false);
    expect(await driver.others()).toEqual([]);
    await driver.close();
  });
});

describe('the postgres driver', () => {
  async function pair(): Promise<{ a: RealtimeDriver; b: RealtimeDriver; toA: ReturnType<typeof inbox>; toB: ReturnType<typeof inbox> }> {
    const schema = await freshSchema();
    cleanups.push(() => schema.drop());
    const a = await createPostgresDriver(schema.url);
    const b = await createPostgresDriver(schema.url);
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const toA = inbox();
    const toB = inbox();
    await a.start('a', toA.deliver);
    await b.start('b', toB.deliver);
    return { a, b, toA, toB };
  }

  it('carries commands to the server they name and broadcasts to the others, large ones through a row', async () => {
    const { a, b, toA, toB } = await pair();
    await a.opened(info('a.1'));
    expect(await b.held('a.1')).toBe(true);
    expect(await a.held('a.1')).toBe(false);
    await b.publish({ kind: 'send', connection: 'a.1', frame: 'hi' }, 'a');
    expect(await toA.next()).toEqual({ kind: 'send', connection: 'a.1', frame: 'hi' });
    const big = 'x'.repeat(50_000);
    await b.publish({ kind: 'broadcast', room: 'lobby', frame: big }, undefined);
    expect(await toA.next()).toEqual({ kind: 'broadcast', room: 'lobby', frame: big });
    // The sender does not hear its own broadcast: it wrote to its members itself.
    await a.publish({ kind: 'broadcast', room: 'lobby', frame: 'from a' }, undefined);
    expect(await toB.next()).toEqual({ kind: 'broadcast', room: 'lobby', frame: 'from a' });
    expect(toA.commands).toEqual([]);
  });

  it('lists the connections of the other servers with their rooms, and forgets them when they close or their server stops', async () => {
    const { a, b } = await pair();
    await a.opened(info('a.1'));
    await a.opened(info('a.2'));
    await a.rooms('a.1', ['lobby']);
    const listed = await b.others();
    expect(listed.map((s) => s.server)).toEqual(['a']);
    expect(listed[0]?.connections.map((c) => [c.id, c.rooms])).toEqual([
      ['a.1', ['lobby']],
      ['a.2', []],
    ]);
    await a.closed('a.2');
    expect((await b.others())[0]?.connections.map((c) => c.id)).toEqual(['a.1']);
    await a.close();
    expect(await b.others()).toEqual([]);
    expect(await b.held('a.1')).toBe(false);
  });

  it('keeps the order a server recorded a connection in, though it did not wait for each write', async () => {
    const { a, b } = await pair();
    const ids = Array.from({ length: 24 }, (_, i) => `a.${i}`);
    const writes = ids.flatMap((id) => [a.opened(info(id)), a.rooms(id, ['lobby']), a.rooms(id, ['lobby', id])]);
    writes.push(a.closed('a.0'));
    await Promise.all(writes);
    const listed = (await b.others())[0]?.connections ?? [];
    expect(listed.map((c) => c.id).sort()).toEqual(ids.slice(1).sort());
    for (const connection of listed) expect(connection.rooms).toEqual(['lobby', connection.id]);
  });
});
