import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE_LIMITS, GuessThrottle, type ThrottleClock, type ThrottleLimits } from '../src/http/guess-throttle.ts';

/** Time stands still unless a test moves it; nothing really sleeps. */
function fakeClock(): ThrottleClock & { at: number } {
  const clock = { at: 1_000_000, now: () => clock.at, sleep: async () => {} };
  return clock;
}

const { perAddress, allAddresses } = DEFAULT_THROTTLE_LIMITS;

describe('the guess throttle', () => {
  it('counts parallel wrong guesses as they arrive: five are free, then each waits longer, then they are refused', () => {
    const clock = fakeClock();
    const throttle = new GuessThrottle(DEFAULT_THROTTLE_LIMITS, clock);
    const tickets = Array.from({ length: 200 }, () => throttle.take('10.0.0.1', false));
    expect(tickets.slice(0, 5).map((t) => t.waitMs)).toEqual([0, 0, 0, 0, 0]);
    const held = tickets.filter((t) => !t.refused && t.waitMs > 0).map((t) => t.waitMs);
    expect(held).toEqual([250, 750, 1750, 3750, 7750]);
    const refused = tickets.filter((t) => t.refused).map((t) => t.waitMs);
    expect(refused).toHaveLength(190);
    // Each refusal still takes its turn, so the wait keeps growing: the 200th guess would wait 25 minutes.
    for (let i = 1; i < refused.length; i++) expect(refused[i]).toBe((refused[i - 1] as number) + perAddress.maxDelayMs);
    expect(refused.at(-1)).toBe(7750 + 190 * perAddress.maxDelayMs);
  });

  it('makes a right guess from a throttled address wait its turn too, then clears the address', () => {
    const clock = fakeClock();
    const throttle = new GuessThrottle(DEFAULT_THROTTLE_LIMITS, clock);
    for (let i = 0; i < 5; i++) throttle.take('10.0.0.1', false);
    const right = throttle.take('10.0.0.1', true);
    expect(right).toMatchObject({ waitMs: 250, refused: false });
    throttle.settle('10.0.0.1', right, true);
    expect(throttle.take('10.0.0.1', false).waitMs).toBe(0);
  });

  it('lets a right guess straight in while the address has failures to spare, and forgets failures after a quiet while', () => {
    const clock = fakeClock();
    const throttle = new GuessThrottle(DEFAULT_THROTTLE_LIMITS, clock);
    for (let i = 0; i < 4; i++) throttle.take('10.0.0.1', false);
    expect(throttle.take('10.0.0.1', true)).toMatchObject({ waitMs: 0, refused: false });
    for (let i = 0; i < 5; i++) throttle.take('10.0.0.2', false);
    expect(throttle.take('10.0.0.2', false).waitMs).toBe(250);
    clock.at += perAddress.forgetAfterMs + 1000;
    expect(throttle.take('10.0.0.2', false).waitMs).toBe(0);
  });

  it('keeps addresses apart', () => {
    const throttle = new GuessThrottle(DEFAULT_THROTTLE_LIMITS, fakeClock());
    for (let i = 0; i < 50; i++) throttle.take('10.0.0.1', false);
    expect(throttle.take('10.0.0.2', true)).toMatchObject({ waitMs: 0, refused: false });
  });

  it('slows guessing from many addresses together, for right guesses too, without a lockout longer than the hold', () => {
    const limits: ThrottleLimits = { ...DEFAULT_THROTTLE_LIMITS, allAddresses: { ...allAddresses, freeFailures: 100 } };
    const clock = fakeClock();
    const throttle = new GuessThrottle(limits, clock);
    for (let i = 0; i < 100; i++) expect(throttle.take(`10.1.${i >> 8}.${i & 255}`, false).waitMs).toBe(0);
    const fresh = throttle.take('10.9.9.9', true);
    expect(fresh).toMatchObject({ waitMs: allAddresses.firstDelayMs, refused: false });
    const flood = Array.from({ length: 500 }, (_, i) => throttle.take(`10.2.${i >> 8}.${i & 255}`, false));
    expect(flood.filter((t) => t.refused).length).toBeGreaterThan(480);
    // Refusals across addresses take no turn: the queue never reaches past the longest hold.
    expect(Math.max(...flood.map((t) => t.waitMs))).toBeLessThanOrEqual(limits.maxHoldMs + allAddresses.maxDelayMs);
  });

  it('forgets the oldest address first once it remembers too many', () => {
    const limits: ThrottleLimits = { ...DEFAULT_THROTTLE_LIMITS, maxAddresses: 3 };
    const throttle = new GuessThrottle(limits, fakeClock());
    for (let i = 0; i < 6; i++) throttle.take('10.0.0.1', false);
    for (const other of ['10.0.0.2', '10.0.0.3', '10.0.0.4']) throttle.take(other, false);
    expect(throttle.take('10.0.0.1', false).waitMs).toBe(0);
  });
});
