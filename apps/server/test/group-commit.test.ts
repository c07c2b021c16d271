import { silentLogger } from '@pattern/core';
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/persistence/runs/group-commit.ts';

/** A writer that records its batches and commits each one only when the test says so. */
function gatedWriter(refuse: (item: string) => boolean = () => false) {
  const batches: string[][] = [];
  const gates: Array<() => void> = [];
  const refused: string[] = [];
  const commits = new GroupCommit<string>({
    log: silentLogger,
    write: async (items) => {
      batches.push(items);
      await new Promise<void>((resolve) => gates.push(resolve));
      if (items.some(refuse)) throw new Error('refused');
    },
    refused: (item) => {
      refused.push(item);
    },
  });
  const openGate = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()?.();
  };
  return { commits, batches, refused, openGate };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('writes what is queued in one turn as one batch, and what arrives meanwhile as the next', async () => {
    const { commits, batches, openGate } = gatedWriter();
    const committed: string[] = [];
    const add = (key: string) => commits.add(key, key).then(() => committed.push(key));
    const first = ['a', 'b', 'c'].map(add);
    await turn();
    expect(batches).toEqual([['a', 'b', 'c']]);
    const second = ['d', 'e'].map(add);
    await turn();
    expect(batches).toHaveLength(1);
    expect(committed).toEqual([]);
    await openGate();
    await Promise.all(first);
    expect(committed).toEqual(['a', 'b', 'c']);
    await openGate();
    await Promise.all(second);
    expect(batches).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('writes an item queued twice under one key once, in its latest form, and tells both waiters', async () => {
    const { commits, batches, openGate } = gatedWriter();
    const both = Promise.all([commits.add('run', 'running'), commits.add('run', 'settled')]);
    await openGate();
    await both;
    expect(batches).toEqual([['settled']]);
  });

  it('retries a refused batch, then writes it item by item: only the bad item is refused, later batches go on', async () => {
    const { commits, batches, refused, openGate } = gatedWriter((item) => item === 'bad');
    const first = Promise.all(['a', 'bad', 'b'].map((key) => commits.add(key, key)));
    for (let gate = 0; gate < 5; gate++) await openGate();
    await first;
    expect(batches).toEqual([['a', 'bad', 'b'], ['a', 'bad', 'b'], ['a'], ['bad'], ['b']]);
    expect(refused).toEqual(['bad']);
    const later = commits.add('c', 'c');
    await openGate();
    await later;
    expect(batches.at(-1)).toEqual(['c']);
  });

  it('flushes at once, and resolves when what was queued is committed even while more keeps coming', async () => {
    const { commits, batches, openGate } = gatedWriter();
    void commits.add('a', 'a');
    const flushed = commits.flush();
    expect(batches).toEqual([['a']]);
    let done = false;
    void flushed.then(() => {
      done = true;
    });
    for (let n = 0; n < 20 && !done; n++) {
      void commits.add(`more${n}`, `more${n}`);
      await openGate();
      await turn();
    }
    expect(done).toBe(true);
    expect(batches.length).toBeLessThanOrEqual(2);
  });
});

/** A writer that commits at once, holding items added with `hold` for `holdMs`. */
function heldWriter(holdMs: number) {
  const batches: string[][] = [];
  const commits = new GroupCommit<string>({
    log: silentLogger,
    holdMs,
    write: (items) => {
      batches.push(items);
    },
    refused: () => {},
  });
  return { commits, batches };
}

describe('group commit holding items', () => {
  it('writes only the later item when one comes under the key of a held one, and both callers hear of that commit', async () => {
    const { commits, batches } = heldWriter(60_000);
    const heard: string[] = [];
    const start = commits.add('run1', 'run1 started', true).then(() => heard.push('start'));
    const other = commits.add('run2', 'run2 settled').then(() => heard.push('other'));
    await other;
    // An item not held goes ahead of a held one, in the next turn, without it.
    expect(batches).toEqual([['run2 settled']]);
    expect(commits.queued('run1')).toBe('run1 started');
    await Promise.all([start, commits.add('run1', 'run1 settled')]);
    expect(batches).toEqual([['run2 settled'], ['run1 settled']]);
    expect(heard).toEqual(['other', 'start']);
  });

  it('writes a held item by itself once it has waited its time', async () => {
    const { commits, batches } = heldWriter(20);
    await commits.add('run1', 'run1 started', true);
    expect(batches).toEqual([['run1 started']]);
    // What comes after it is a record like any other.
    await commits.add('run1', 'run1 settled');
    expect(batches).toEqual([['run1 started'], ['run1 settled']]);
  });

  it('writes held items at once when flushed, and a later held record replaces the one held', async () => {
    const { commits, batches } = heldWriter(60_000);
    const first = commits.add('run1', 'run1 started', true);
    const again = commits.add('run1', 'run1 checkpoint', true);
    commits.add('run2', 'run2 started', true);
    await turn();
    expect(batches).toEqual([]);
    await commits.flush();
    expect(batches).toEqual([['run1 checkpoint', 'run2 started']]);
    await Promise.all([first, again]);
  });

  it('holds nothing without holdMs', async () => {
    const { commits, batches } = heldWriter(0);
    await commits.add('run1', 'run1 started', true);
    expect(batches).toEqual([['run1 started']]);
  });
});
