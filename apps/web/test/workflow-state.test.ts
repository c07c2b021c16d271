import { describe, expect, it } from 'vitest';
import { formatAhead } from '../src/workflows/workflow-state.ts';

describe('the next fire time, as the workflows list and the editor header show it', () => {
  // Ten in the morning where the test runs, so "today" is today in any zone.
  const now = new Date(2026, 2, 2, 10, 0).getTime();
  const at = (ms: number) => new Date(now + ms).toISOString();

  it('counts seconds and minutes down, then names the time', () => {
    expect(formatAhead(at(-500), now)).toBe('now');
    expect(formatAhead(at(12_000), now)).toBe('in 12 s');
    expect(formatAhead(at(5 * 60_000), now)).toBe('in 5 min');
    expect(formatAhead(at(3 * 3_600_000), now)).toMatch(/^today /);
    expect(formatAhead(at(3 * 86_400_000), now)).not.toMatch(/^today|^in /);
  });
});
