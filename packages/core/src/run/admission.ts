import { PatternError } from '../errors.ts';
import { LinkedQueue, type QueueEntry } from './linked-queue.ts';

export interface AdmissionLimits {
  /** Runs executing at once, over all workflows. */
  maxConcurrent: number;
  /** Of those, how many one workflow may hold. */
  maxConcurrentPerWorkflow: number;
  /** Runs waiting for a slot, over all workflows. */
  maxQueued: number;
  /** Of those, how many one workflow may have. */
  maxQueuedPerWorkflow: number;
}

/**
 * One workflow's share when none is set: three quarters of the whole, rounded up. A lone busy
 * workflow keeps most of the capacity, and a quarter (rounded down) always stays for the others.
 */
function defaultShare(total: number): number {
  return total - Math.floor(total / 4);
}

/** Fills in the per-workflow shares and refuses limits that cannot hold together. */
export function admissionLimits(
  given: Omit<AdmissionLimits, 'maxConcurrentPerWorkflow' | 'maxQueuedPerWorkflow'> & Partial<AdmissionLimits>,
): AdmissionLimits {
  const limits: AdmissionLimits = {
    ...given,
    maxConcurrentPerWorkflow: given.maxConcurrentPerWorkflow ?? defaultShare(given.maxConcurrent),
    maxQueuedPerWorkflow: given.maxQueuedPerWorkflow ?? defaultShare(given.maxQueued),
  };
  checkShare('maxConcurrentRunsPerWorkflow', limits.maxConcurrentPerWorkflow, 1, 'maxConcurrentRuns', limits.maxConcurrent);
  checkShare('maxQueuedRunsPerWorkflow', limits.maxQueuedPerWorkflow, 0, 'maxQueuedRuns', limits.maxQueued);
  return limits;
}

function checkShare(name: string, value: number, min: number, totalName: string, total: number): void {
  if (!Number.isInteger(value) || value < min || value > total) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${totalName} (${total}); got ${value}`);
  }
}

/** Why a run cannot be taken: every place of the engine, or of its workflow, is in use. */
export interface Refusal {
  scope: 'engine' | 'workflow';
  running: number;
  waiting: number;
}

/** The `rate_limited` a refused trigger answers with; `retryAfterSeconds` says when to try again. */
export function rateLimited(refusal: Refusal, workflowId: string | undefined): PatternError {
  const details = { scope: refusal.scope, workflowId: workflowId ?? null, running: refusal.running, waiting: refusal.waiting, retryAfterSeconds: 1 };
  const whose = refusal.scope === 'engine' ? 'Pattern is' : workflowId === undefined ? 'Workflows without an id are' : `Workflow "${workflowId}" is`;
  return new PatternError('rate_limited', `${whose} running ${refusal.running} runs with ${refusal.waiting} waiting; try again shortly`, details);
}

interface Group<R> {
  running: number;
  readonly waiting: LinkedQueue<R>;
  /** Its place among the workflows whose turn may come: set exactly while it has waiting runs and a free share. */
  turn: QueueEntry<Group<R>> | undefined;
}

/**
 * Which runs execute and which wait, fair between workflows. A workflow holds at most its share of
 * the slots, so runs that sleep on a timer or on I/O cannot take every slot; a freed slot goes to the
 * workflows with waiting runs in turn, and within a workflow to its oldest waiting run. Runs are
 * grouped by workflow id; runs of documents without an id form one group of their own.
 *
 * Invariant: a workflow is in `turns` only while every slot is taken, so `leave` starts at most one run.
 */
export class Admission<R> {
  running = 0;
  waiting = 0;
  private readonly groups = new Map<string | undefined, Group<R>>();
  private readonly turns = new LinkedQueue<Group<R>>();
  private readonly queued = new Map<R, QueueEntry<R>>();

  constructor(readonly limits: AdmissionLimits) {}

  /** Set when a run of this workflow could neither start now nor wait. */
  refusal(workflowId: string | undefined): Refusal | undefined {
    const group = this.groups.get(workflowId);
    const groupRunning = group?.running ?? 0;
    if (this.running < this.limits.maxConcurrent && groupRunning < this.limits.maxConcurrentPerWorkflow) return undefined;
    if (this.waiting >= this.limits.maxQueued) return { scope: 'engine', running: this.running, waiting: this.waiting };
    const groupWaiting = group?.waiting.size ?? 0;
    if (groupWaiting >= this.limits.maxQueuedPerWorkflow) return { scope: 'workflow', running: groupRunning, waiting: groupWaiting };
    return undefined;
  }

  /** Takes a run `refusal` let through: true when it may execute at once, false when it waits its turn. */
  enter(run: R, workflowId: string | undefined): boolean {
    let group = this.groups.get(workflowId);
    if (!group) {
      group = { running: 0, waiting: new LinkedQueue(), turn: undefined };
      this.groups.set(workflowId, group);
    }
    if (this.running < this.limits.maxConcurrent && group.running < this.limits.maxConcurrentPerWorkflow) {
      this.running++;
      group.running++;
      return true;
    }
    this.queued.set(run, group.waiting.push(run));
    this.waiting++;
    if (!group.turn && group.running < this.limits.maxConcurrentPerWorkflow) group.turn = this.turns.push(group);
    return false;
  }

  /** A run that executed has ended; returns the run to execute in its place, if one waits. */
  leave(workflowId: string | undefined): R | undefined {
    const group = this.groups.get(workflowId);
    if (!group) return undefined;
    this.running--;
    group.running--;
    if (group.waiting.size > 0) group.turn ??= this.turns.push(group);
    else if (group.running === 0) this.groups.delete(workflowId);
    return this.next();
  }

  /** A waiting run ended before its turn came: it leaves its workflow's queue. */
  withdraw(run: R, workflowId: string | undefined): void {
    const entry = this.queued.get(run);
    const group = this.groups.get(workflowId);
    if (!entry || !group) return;
    this.queued.delete(run);
    group.waiting.remove(entry);
    this.waiting--;
    if (group.waiting.size > 0) return;
    if (group.turn) {
      this.turns.remove(group.turn);
      group.turn = undefined;
    }
    if (group.running === 0) this.groups.delete(workflowId);
  }

  private next(): R | undefined {
    if (this.running >= this.limits.maxConcurrent) return undefined;
    const group = this.turns.shift();
    if (!group) return undefined;
    group.turn = undefined;
    const run = group.waiting.shift() as R;
    this.queued.delete(run);
    this.waiting--;
    this.running++;
    group.running++;
    if (group.waiting.size > 0 && group.running < this.limits.maxConcurrentPerWorkflow) group.turn = this.turns.push(group);
    return run;
  }
}
