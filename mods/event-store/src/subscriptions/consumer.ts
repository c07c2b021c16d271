import { type ErrorBody, type Logger, toErrorBody } from '@pattern/core';
import type { ConsumerClaim } from '../drivers/driver.ts';
import type { EventLog } from '../event-log.ts';
import type { StoredEvent } from '../schema.ts';

const PAGE = 100;

export interface ConsumerSpec {
  /** The checkpoint's name: `projection:<name>`, `workflow:<id>`. */
  name: string;
  version: number;
  types?: string[];
  aggregateType?: string;
  /** Handles one event; a throw is a failure, dealt with by `onFailure`. */
  handle(event: StoredEvent, signal: AbortSignal): Promise<void>;
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
}

export interface ConsumerStatus {
  name: string;
  version: number;
  position: number;
  head: number;
  lag: number;
  caughtUp: boolean;
  /** `standby`: another server holds this consumer's claim; `position` is that server's checkpoint. */
  state: 'starting' | 'running' | 'failing' | 'standby' | 'stopped';
  error: ErrorBody | null;
}

/**
 * Follows the log from a durable checkpoint: each matching event is handled in order, then the
 * checkpoint moves past it, so a restart resumes where it stopped (at-least-once for the event in
 * flight). Woken by appends in this process, and by polling for appends made elsewhere.
 *
 * Only the holder of the consumer's claim follows: when several servers share the store, the
 * others stand by, polling for the claim, and the one that gets it resumes from the checkpoint.
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
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  /** Set by an append that arrived while the loop was busy, so the next wait is skipped. */
  private dirty = false;
  private loop: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(events: EventLog, spec: ConsumerSpec) {
    this.events = events;
    this.spec = spec;
    this.claim = events.driver.claim(spec.name);
  }

  async start(): Promise<void> {
    if (await this.claim.acquire()) await this.resume();
    else await this.standBy();
    this.loop = this.run();
  }

  /** Takes up the checkpoint as the claim's new holder: after a restart, or from a server that went away. */
  private async resume(): Promise<void> {
    const saved = await this.events.driver.getCheckpoint(this.spec.name);
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
    const saved = await this.events.driver.getCheckpoint(this.spec.name);
    if (saved && saved.version === this.spec.version) this.position = saved.position;
    this.announce();
  }

  notify(): void {
    this.dirty = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    this.state = 'stopped';
  }

  async status(): Promise<ConsumerStatus> {
    const head = await this.events.head();
    const lag = Math.max(0, head - this.position);
    return {
      name: this.spec.name,
      version: this.spec.version,
      position: this.position,
      head,
      lag,
      caughtUp: lag === 0,
      state: this.state,
      error: this.error,
    };
  }

  /** Resolves once every event appended before the call has been handled (or parked). */
  async idle(): Promise<void> {
    const head = await this.events.head();
    while (this.position < head && !this.abort.signal.aborted) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (this.following && !this.claim.held) {
          this.following = false;
          this.spec.log.warn(`${this.spec.name}: lost its claim (connection dropped); another server may follow it now`);
        }
        if (!this.following) {
          if (await this.claim.acquire()) await this.resume();
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

  /** Handles one page of events; false when stopped half-way. */
  private async step(): Promise<boolean> {
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
      if (!this.claim.held) return true;
      if (!(await this.deliver(event)) || this.abort.signal.aborted) return false;
      this.position = event.position;
      await this.save();
      this.announce();
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
    }
    return true;
  }

  /** True once the event is handled or parked; false when stopped before that. */
  private async deliver(event: StoredEvent): Promise<boolean> {
    const signal = this.abort.signal;
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await this.spec.handle(event, signal);
        if (this.state === 'failing') this.state = 'running';
        this.error = null;
        return true;
      } catch (thrown) {
        if (signal.aborted) return false;
        const error = toErrorBody(thrown);
        this.error = error;
        const next = await this.spec.onFailure(event, attempt, error);
        if (next === 'park') return true;
        this.state = 'failing';
        this.spec.log.warn(`${this.spec.name}: event ${event.id} failed (attempt ${attempt}), retrying in ${Math.round(next)} ms`, {
          error: error.message,
        });
        await this.sleep(next, false);
      }
    }
    return false;
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

  /** Waits `ms`; a stop always cuts it short, an append only when `wakeable` (a backoff is not shortened by traffic). */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.abort.signal.addEventListener('abort', done, { once: true });
      if (wakeable) this.wake = done;
    });
  }
}
