import type { Logger, WorkflowActivity } from '@pattern/core';
import type { ScheduleStore } from './schedule-store.ts';

/**
 * Which saved workflows are paused, held in memory so every route hit, tick and event asks
 * without a query. Changes made here are written first and then told to listeners; changes made
 * by another server on the same database arrive through the store's LISTEN and are re-read.
 */
export class WorkflowStates implements WorkflowActivity {
  private readonly paused = new Set<string>();
  private readonly listeners = new Set<(id: string, active: boolean) => void>();
  private readonly store: ScheduleStore;
  private readonly log: Logger;
  private stopWatching: (() => void) | undefined;

  constructor(store: ScheduleStore, log: Logger, paused: Iterable<string> = []) {
    this.store = store;
    this.log = log;
    for (const id of paused) this.paused.add(id);
  }

  /** The states as the store keeps them, followed as other servers change them. */
  static async open(store: ScheduleStore, log: Logger): Promise<WorkflowStates> {
    const states = new WorkflowStates(store, log, await store.paused());
    states.stopWatching = store.watch?.((id) => void states.reread(id));
    return states;
  }

  isActive(id: string): boolean {
    return !this.paused.has(id);
  }

  subscribe(listener: (id: string, active: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async setActive(id: string, active: boolean): Promise<void> {
    await this.store.setActive(id, active);
    this.apply(id, active);
  }

  /** A deleted workflow's state goes with it: one saved later under the same id starts active. */
  async forget(id: string): Promise<void> {
    await this.store.forget(id);
    this.apply(id, true);
  }

  close(): void {
    this.stopWatching?.();
    this.listeners.clear();
  }

  private async reread(id: string): Promise<void> {
    try {
      this.apply(id, await this.store.isActive(id));
    } catch (error) {
      this.log.error(`could not read whether workflow ${id} is paused`, { error: String(error) });
    }
  }

  private apply(id: string, active: boolean): void {
    if (this.isActive(id) === active) return;
    if (active) this.paused.delete(id);
    else this.paused.add(id);
    for (const listener of this.listeners) listener(id, active);
  }
}
