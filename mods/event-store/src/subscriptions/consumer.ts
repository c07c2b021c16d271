import { type ErrorBody, type Logger, PatternError, toErrorBody } from '@pattern/core';
import type { Checkpoint, ConsumerClaim, ConsumerPause } from '../drivers/driver.ts';
import type { EventLog } from '../log/event-log.ts';
import type { StoredEvent } from '../schemas.ts';

const PAGE = 100;

/** Lets timers and I/O (the HTTP server, the run history's writes) have their turn between events. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What `handle` answers when the consumer must not go on: the event is set aside and the consumer parks itself, saying why. */
export interface Halt {
  halt: string;
}

export interface ConsumerSpec {
  /** The checkpoint's name: `projection:<name>`, `workflow:<id>`. */
  name: string;
  version: number;
  types?: string[];
  aggregateType?: string;
  /** Handles one event; a throw is a failure, dealt with by `onFailure`; a `Halt` parks the consumer after this event. */
  handle(event: StoredEvent, signal: AbortSignal): Promise<Halt | undefined>;
  /**
   * After a failed attempt (1, 2, ...): a delay in ms to retry after, or `park` to give up on the
   * event and move on.
   */
  onFailure(event: StoredEvent, attempt: number, error: ErrorBody): Promise<number | 'park'>;
  /** Called before replaying from the start because the version changed. */
  reset?(): Promise<void>;
  /** Where a consumer with no checkpoint starts: the beginning, or after a given position. */
  startAt: 'beginning' | Promise<number>;
  pollMs: number;
  log: Logger;
  /** Starts paused for as long as this process runs (safe mode): nothing is handled until `resume`. */
  held?: ConsumerPause;
}

export interface ConsumerStatus {
  name: string;
  version: number;
  position: number;
  head: number;
  lag: number;
  caughtUp: boolean;
  /**
   * `standby`: another server holds this consumer's claim; `position` is that server's checkpoint.
   * `paused`: by a person, or by safe mode; `parked`: by Pattern, which refused to go on.
   */
  state: 'starting' | 'running' | 'failing' | 'standby' | 'paused' | 'parked' | 'stopped';
  /** Why it does not follow, while paused or parked. */
  pause: ConsumerPause | null;
  error: ErrorBody | null;
}

/**
 * Follows the log from a durable checkpoint: each matching event is handled in order, then the
 * checkpoint moves past it, so a restart resumes where it stopped (at-least-once for the event in
 * flight). Woken by appends in this process, and by polling for appends made elsewhere.
 *
 * Only the holder of the consumer's claim follows: when several servers share the store, the
 * others stand by, polling for the claim, and the one that gets it resumes from the checkpoint.
 *
 * A pause is saved with the checkpoint, so it holds across restarts and for every server; a
 * paused consumer gives up its claim and handles nothing until resumed. Between events the
 * consumer yields to the event loop, so a workflow that feeds itself never starves the server.
 */
export class Consumer {
  readonly spec: ConsumerSpec;
  private readonly events: EventLog;
  private readonly claim: ConsumerClaim;
  /** True while this process holds the claim and has resumed from the checkpoint. */
  private following = false;
  private position = 0;
  private state: ConsumerStatus['state'] = 'starting';
  private error: ErrorBody | null = null;
  /** The saved pause, as last read or set here. */
  private savedPause: ConsumerPause | undefined;
  /** A pause of this process only (safe mode), never saved. */
  private hold: ConsumerPause | undefined;
  /** Bumped by each pause or resume here, so a read of the saved pause that raced one is not taken. */
  private pauseChanges = 0;
  private pauseReadAt = 0;
  private readonly abort = new AbortController();
  /** Ends the current wait whatever it waits for (a stop, a pause, a resume). */
  private cut: (() => void) | undefined;
  private wake: (() => void) | undefined;
  /** Set by an append that arrived while the loop was busy, so the next wait is skipped. */
  private dirty = false;
  private loop: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(events: EventLog, spec: ConsumerSpec) {
    this.events = events;
    this.spec = spec;
    this.claim = events.driver.claim(spec.name);
    this.hold = spec.held;
  }

  async start(): Promise<void> {
    if (await this.claim.acquire()) await this.takeOver();
    else await this.standBy();
    this.loop = this.run();
  }

  /** Why this consumer does not follow the log now, if it does not. */
  get paused(): ConsumerPause | undefined {
    return this.savedPause ?? this.hold;
  }

  /** Stops handling events after the one in flight, here and in every server, until `resume`. */
  async pause(reason: string, kind: ConsumerPause['kind'] = 'paused'): Promise<void> {
    await this.savePause({ kind, reason, since: new Date().toISOString() });
  }

  /** Lifts a pause, a park and the hold of safe mode alike. */
  async resume(): Promise<void> {
    await this.savePause(null);
  }

  private async savePause(pause: ConsumerPause | null): Promise<void> {
    // Counted on both sides of the write: a read of the saved pause that overlaps it may see either value, and is dropped.
    this.pauseChanges++;
    const saved = await this.events.driver.setPause(this.spec.name, pause);
    this.pauseChanges++;
    if (!saved) {
      throw new PatternError('conflict', `${this.spec.name} has not started following the log yet; try again in a moment`, { name: this.spec.name });
    }
    this.savedPause = pause ?? undefined;
    if (!pause) this.hold = undefined;
    this.pauseReadAt = Date.now();
    this.announce();
    this.cut?.();
  }

  /** Takes the saved pause as it is now: another server may have paused or resumed this consumer. */
  private async readPause(): Promise<void> {
    const changes = this.pauseChanges;
    const saved = await this.events.driver.getCheckpoint(this.spec.name);
    this.mirrorPause(saved, changes);
  }

  private mirrorPause(saved: Checkpoint | undefined, changesBefore: number): void {
    if (changesBefore !== this.pauseChanges) return;
    this.savedPause = saved?.pause;
    this.pauseReadAt = Date.now();
  }

  /** Takes up the checkpoint as the claim's new holder: after a restart, or from a server that went away. */
  private async takeOver(): Promise<void> {
    const changes = this.pauseChanges;
    const saved = await this.events.driver.getCheckpoint(this.spec.name);
    this.mirrorPause(saved, changes);
    if (saved && saved.version === this.spec.version) this.position = saved.position;
    else {
      if (saved) {
        this.spec.log.info(`${this.spec.name}: version ${saved.version} → ${this.spec.version}, replaying from the start`);
        await this.spec.reset?.();
      }
      this.position = !saved && this.spec.startAt !== 'beginning' ? await this.spec.startAt : 0;
      await this.save();
    }
    this.following = true;
    this.state = 'running';
    this.error = null;
  }

  /** Another server follows: mirror its checkpoint, so status and `idle` tell how far it got. */
  private async standBy(): Promise<void> {
    this.state = 'standby';
    const changes = this.pauseChanges;
    const saved = await this.events.driver.getCheckpoint(this.spec.name);
    this.mirrorPause(saved, changes);
    if (saved && saved.version === this.spec.version) this.position = saved.position;
    this.announce();
  }

  notify(): void {
    this.dirty = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.cut?.();
    await this.loop;
    this.state = 'stopped';
  }

  async status(): Promise<ConsumerStatus> {
    const head = await this.events.head();
    const lag = Math.max(0, head - this.position);
    const pause = this.paused;
    return {
      name: this.spec.name,
      version: this.spec.version,
      position: this.position,
      head,
      lag,
      caughtUp: lag === 0,
      state: this.state !== 'stopped' && pause ? (pause.kind === 'parked' ? 'parked' : 'paused') : this.state,
      pause: pause ?? null,
      error: this.error,
    };
  }

  /** Resolves once every event appended before the call has been handled (or parked), or once the consumer is paused. */
  async idle(): Promise<void> {
    const head = await this.events.head();
    while (this.position < head && !this.abort.signal.aborted && !this.paused) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (this.paused) {
          await this.waitWhilePaused();
          continue;
        }
        if (this.following && !this.claim.held) {
          this.following = false;
          this.spec.log.warn(`${this.spec.name}: lost its claim (connection dropped); another server may follow it now`);
        }
        if (!this.following) {
          if (await this.claim.acquire()) await this.takeOver();
          else await this.standBy();
          if (!this.following) {
            await this.sleep(this.spec.pollMs, false);
            continue;
          }
        }
        if (!(await this.step())) break;
        failures = 0;
      } catch (thrown) {
        // Reading the log or saving the checkpoint failed (a busy or closing database): keep following, after a pause.
        failures++;
        this.state = 'failing';
        this.error = toErrorBody(thrown);
        this.spec.log.error(`${this.spec.name}: could not follow the event log`, { error: this.error.message });
        await this.sleep(Math.min(this.spec.pollMs * failures, 30_000), false);
      }
    }
    await this.claim.release().catch(() => {});
  }

  /** Paused: lets go of the claim (another server may take it, and will see the pause too) and looks again now and then. */
  private async waitWhilePaused(): Promise<void> {
    if (this.following) {
      this.following = false;
      await this.claim.release();
    }
    this.announce();
    await this.sleep(this.spec.pollMs, false);
    if (!this.abort.signal.aborted) await this.readPause();
  }

  /** Handles one page of events; false when stopped half-way. */
  private async step(): Promise<boolean> {
    if (Date.now() - this.pauseReadAt >= this.spec.pollMs) await this.readPause();
    if (this.paused) return true;
    this.dirty = false;
    const head = await this.events.head();
    const page = await this.events.driver.readAll({
      after: this.position,
      direction: 'forward',
      ...(this.spec.types ? { types: this.spec.types } : {}),
      ...(this.spec.aggregateType ? { aggregateType: this.spec.aggregateType } : {}),
      limit: PAGE,
    });
    for (const event of page) {
      if (!this.claim.held || this.paused) return true;
      const outcome = await this.deliver(event);
      if (this.abort.signal.aborted) return false;
      if (outcome === 'interrupted') return true;
      this.position = event.position;
      await this.save();
      if (outcome !== 'handled') {
        this.spec.log.warn(`${this.spec.name}: parked after event ${event.id}`, { reason: outcome.halt });
        await this.pause(outcome.halt, 'parked');
      }
      this.announce();
      await yieldToIo();
    }
    if (page.length < PAGE) {
      // Nothing matching up to `head` is left, so skipping past events of other types is safe.
      if (head > this.position) {
        this.position = head;
        await this.save();
      }
      if (this.state === 'failing') {
        this.state = 'running';
        this.error = null;
      }
      this.announce();
      if (!this.dirty) await this.sleep(this.spec.pollMs, true);
      else await yieldToIo();
    }
    return true;
  }

  /** `handled` once the event is handled or parked; `interrupted` when stopped or paused before that. */
  private async deliver(event: StoredEvent): Promise<'handled' | 'interrupted' | Halt> {
    const signal = this.abort.signal;
    for (let attempt = 1; !signal.aborted && !this.paused; attempt++) {
      try {
        const halt = await this.spec.handle(event, signal);
        if (this.state === 'failing') this.state = 'running';
        this.error = null;
        return halt ?? 'handled';
      } catch (thrown) {
        if (signal.aborted) return 'interrupted';
        const error = toErrorBody(thrown);
        this.error = error;
        const next = await this.spec.onFailure(event, attempt, error);
        if (next === 'park') return 'handled';
        this.state = 'failing';
        this.spec.log.warn(`${this.spec.name}: event ${event.id} failed (attempt ${attempt}), retrying in ${Math.round(next)} ms`, {
          error: error.message,
        });
        await this.sleep(next, false);
      }
    }
    return 'interrupted';
  }

  private save(): Promise<void> {
    return this.claim.saveCheckpoint({
      name: this.spec.name,
      position: this.position,
      version: this.spec.version,
      updated: new Date().toISOString(),
    });
  }

  private announce(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Waits `ms`; a stop, pause or resume always cuts it short, an append only when `wakeable` (a backoff is not shortened by traffic). */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', done);
        this.wake = undefined;
        this.cut = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.abort.signal.addEventListener('abort', done, { once: true });
      this.cut = done;
      if (wakeable) this.wake = done;
    });
  }
}
