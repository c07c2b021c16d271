import type { Logger } from '../logger.ts';
import { resumesAfterCrash, resumesWithParent } from './durable-recovery.ts';
import { interruptedRecord } from './interrupted.ts';
import type { RunRecord } from './record.ts';
import type { RunStore } from './run-store.ts';

export interface CrashRecoveryHost {
  readonly runs: RunStore;
  readonly log: Logger;
  /** Whether the engine accepts runs yet: a durable run found at start-up resumes only then. */
  accepting(): boolean;
  isActive(id: string): boolean;
  runSettleHooks(record: RunRecord): Promise<void>;
  /** A run settled `interrupted` was recorded: its error workflow is due. */
  interrupted(record: RunRecord): void;
  /** Every interrupted run found this time is recorded. */
  recorded(): void;
  /** Runs a durable run on under its own id; throws when it cannot (its graph no longer compiles). */
  resume(record: RunRecord): void;
}

/**
 * What becomes of the runs a crash left recorded as `running` (on shared history: runs of servers
 * that stopped beating, each claimed by one server). A durable run is taken up again under its
 * own id, its hooks still to run at its one final settle; a child run of one is held for its
 * parent's node to take up when it runs again; any other run, or a durable one that cannot
 * resume, settles `error: interrupted`, and its hooks run then.
 */
export class CrashRecovery {
  private readonly host: CrashRecoveryHost;
  private readonly waiting: RunRecord[] = [];
  /** Child runs held for their parents, by the parent's id. */
  private readonly held = new Map<string, RunRecord[]>();
  /** Every child held since start-up: a later look for runs of stopped servers must not settle one its parent's node may still take up. */
  private readonly heldIds = new Set<string>();

  constructor(host: CrashRecoveryHost) {
    this.host = host;
  }

  async recover(): Promise<void> {
    const { host } = this;
    const stale = (await host.runs.listRunning()).filter((run) => !host.isActive(run.id) && !this.heldIds.has(run.id));
    const byId = new Map(stale.map((run) => [run.id, run]));
    // A child is taken up when every run above it, up to the durable run that started them all, is.
    const takenUp = (run: RunRecord, depth: number): boolean => {
      if (resumesAfterCrash(run)) return true;
      const parent = resumesWithParent(run) && depth < stale.length ? byId.get(run.parentRunId as string) : undefined;
      return parent !== undefined && takenUp(parent, depth + 1);
    };
    const interrupted: RunRecord[] = [];
    for (const run of stale) {
      if (resumesAfterCrash(run)) this.waiting.push(run);
      else if (takenUp(run, 0)) this.hold(run);
      else interrupted.push(run);
    }
    await this.interrupt(interrupted);
    this.resumeWaiting();
  }

  private hold(child: RunRecord): void {
    const parentId = child.parentRunId as string;
    this.held.set(parentId, [...(this.held.get(parentId) ?? []), child]);
    this.heldIds.add(child.id);
  }

  /** The child runs held for a run being taken up, which its nodes take up in turn. */
  takeHeld(parentId: string): RunRecord[] {
    const children = this.held.get(parentId) ?? [];
    this.held.delete(parentId);
    return children;
  }

  /** Child runs no node took up, with the ones held below them: they settle `interrupted`. */
  async interruptLeft(children: RunRecord[]): Promise<void> {
    await this.interrupt(this.withHeld(children));
  }

  private withHeld(runs: RunRecord[]): RunRecord[] {
    const all = [...runs];
    for (let i = 0; i < all.length; i++) all.push(...this.takeHeld((all[i] as RunRecord).id));
    for (const run of all) this.heldIds.delete(run.id);
    return all;
  }

  /** Resumes the durable runs start-up found, once the engine accepts runs. */
  resumeWaiting(): void {
    if (!this.host.accepting() || this.waiting.length === 0) return;
    const failed: RunRecord[] = [];
    const resumed = this.waiting.splice(0);
    for (const record of resumed) {
      try {
        this.host.resume(record);
      } catch (error) {
        this.host.log.error('a durable run could not resume, so it settles as interrupted', { runId: record.id, error: String(error) });
        failed.push(...this.withHeld([record]));
      }
    }
    const count = resumed.length - failed.length;
    if (count > 0) this.host.log.warn(`resumed ${count} durable run${count === 1 ? '' : 's'} left by an earlier stop`);
    this.interrupt(failed).catch((error: unknown) => this.host.log.error('settling interrupted runs failed', { error: String(error) }));
  }

  private async interrupt(stale: RunRecord[]): Promise<void> {
    if (stale.length === 0) return;
    const { host } = this;
    const now = Date.now();
    for (const run of stale) {
      const settled = interruptedRecord(run, now);
      await host.runSettleHooks(settled);
      host.runs.save(settled);
      host.interrupted(settled);
    }
    await host.runs.flush();
    host.recorded();
    host.log.warn(`settled ${stale.length} interrupted run${stale.length === 1 ? '' : 's'} left by an earlier stop`);
  }
}
