export interface ThrottleClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: ThrottleClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface TallyLimits {
  /** Wrong guesses answered at once; past them, every guess waits for its turn. */
  freeFailures: number;
  /** The turn of the first guess past the free ones; each further failure doubles it, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten this long after the last one, once no guess is waiting. */
  forgetAfterMs: number;
  /** A refused guess still takes its turn, so hammering a locked-out address keeps it locked out longer. */
  queueRefused: boolean;
}

export interface ThrottleLimits {
  perAddress: TallyLimits;
  /** All addresses together: guessing from many addresses at once is slowed down too. */
  allAddresses: TallyLimits;
  /** The longest a guess is held before it is answered; one that would wait longer is refused at once. */
  maxHoldMs: number;
  /** Addresses remembered at most (the oldest is forgotten first). */
  maxAddresses: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  perAddress: { freeFailures: 5, firstDelayMs: 250, maxDelayMs: 8_000, forgetAfterMs: 15 * 60_000, queueRefused: true },
  // Refusals take no turn here: a flood from elsewhere must not lock everyone out for longer than it lasts.
  allAddresses: { freeFailures: 2_000, firstDelayMs: 50, maxDelayMs: 1_000, forgetAfterMs: 15 * 60_000, queueRefused: false },
  maxHoldMs: 10_000,
  maxAddresses: 10_000,
};

/** What to do with one guess: hold it `waitMs` before checking it, or refuse it (come back after `waitMs`). */
export interface Ticket {
  waitMs: number;
  refused: boolean;
  /** Counted as a failure before its answer is known; `settle` undoes that for a right one. */
  provisional: boolean;
}

class Tally {
  failures = 0;
  lastFailureAt = 0;
  /** When the last waiting guess is answered; the next one is answered a step after it. */
  readyAt = 0;
}

/**
 * Slows down guessing of the admin token, by sign-in and by bearer token alike: per client
 * address, and across all addresses. A guess is counted the moment it arrives, before anything is
 * awaited, so guesses sent in parallel queue up behind each other instead of all seeing the
 * count from before any of them.
 */
export class GuessThrottle {
  private readonly limits: ThrottleLimits;
  private readonly clock: ThrottleClock;
  private readonly byAddress = new Map<string, Tally>();
  private readonly overall = new Tally();

  constructor(limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS, clock: ThrottleClock = realClock) {
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * Books a guess whose rightness is already known. Until an address is past its free failures
   * a right guess goes straight in; after that every guess, right or wrong, is counted and queued
   * the same way, so nothing about the answer shows before it is given.
   */
  take(address: string, right: boolean): Ticket {
    const now = this.clock.now();
    const { perAddress, allAddresses, maxHoldMs } = this.limits;
    const own = this.tallyOf(address, now);
    refresh(this.overall, allAddresses, now);
    if (own.failures < perAddress.freeFailures && this.overall.failures < allAddresses.freeFailures) {
      if (!right) {
        fail(own, now);
        fail(this.overall, now);
      }
      return { waitMs: 0, refused: false, provisional: false };
    }
    own.failures++;
    this.overall.failures++;
    const ownTurn = turnOf(own, perAddress, now);
    const allTurn = turnOf(this.overall, allAddresses, now);
    const waitMs = Math.max(ownTurn ?? now, allTurn ?? now) - now;
    const refused = waitMs > maxHoldMs;
    if (ownTurn !== undefined && (!refused || perAddress.queueRefused)) own.readyAt = ownTurn;
    if (allTurn !== undefined && (!refused || allAddresses.queueRefused)) this.overall.readyAt = allTurn;
    if (refused) {
      own.lastFailureAt = now;
      this.overall.lastFailureAt = now;
    }
    return { waitMs, refused, provisional: !refused };
  }

  /** After a guess is answered: a right one clears its address's failures and takes back its provisional count. */
  settle(address: string, ticket: Ticket, right: boolean): void {
    const now = this.clock.now();
    if (right) {
      this.byAddress.delete(address);
      if (ticket.provisional) this.overall.failures = Math.max(0, this.overall.failures - 1);
    } else if (ticket.provisional) {
      this.tallyOf(address, now).lastFailureAt = now;
      this.overall.lastFailureAt = now;
    }
  }

  wait(ms: number): Promise<void> {
    return this.clock.sleep(ms);
  }

  private tallyOf(address: string, now: number): Tally {
    let tally = this.byAddress.get(address);
    if (!tally) {
      if (this.byAddress.size >= this.limits.maxAddresses) this.byAddress.delete(this.byAddress.keys().next().value as string);
      tally = new Tally();
      this.byAddress.set(address, tally);
    }
    refresh(tally, this.limits.perAddress, now);
    return tally;
  }
}

function fail(tally: Tally, now: number): void {
  tally.failures++;
  tally.lastFailureAt = now;
}

/** Forgets a tally's failures once they are old and nothing waits any more. */
function refresh(tally: Tally, limits: TallyLimits, now: number): void {
  if (tally.failures > 0 && now - tally.lastFailureAt > limits.forgetAfterMs && now >= tally.readyAt) {
    tally.failures = 0;
    tally.readyAt = 0;
  }
}

/** When a guess past the free failures is answered: a doubling step after the one before it. */
function turnOf(tally: Tally, limits: TallyLimits, now: number): number | undefined {
  if (tally.failures <= limits.freeFailures) return undefined;
  const step = Math.min(limits.maxDelayMs, limits.firstDelayMs * 2 ** (tally.failures - limits.freeFailures - 1));
  return Math.max(tally.readyAt, now) + step;
}
