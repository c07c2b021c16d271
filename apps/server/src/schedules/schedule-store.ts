/** A tick a server wants to run: the workflow and the tick's scheduled time (ms since the epoch). */
export interface TickClaim {
  workflowId: string;
  at: number;
}

/**
 * Where paused workflows and schedule ticks are kept, beside the saved documents; the stores are
 * in persistence/schedules/. A workflow without a state row is active.
 */
export interface ScheduleStore {
  /** The ids of every paused workflow. */
  paused(): Promise<string[]>;
  isActive(id: string): Promise<boolean>;
  /** Records the state; on a shared database every other server hears of it through `watch`. */
  setActive(id: string, active: boolean): Promise<void>;
  /** Calls back with a workflow's id when another server paused or resumed it (shared stores only). */
  watch?(onChange: (id: string) => void): () => void;
  /**
   * Claims each tick once, across every server on the store: a tick is claimed only if no one
   * claimed it and it is later than the workflow's last claimed tick. Answers the ticks won, each
   * with the workflow's tick count after it. At most one tick per workflow in one call.
   */
  claim(ticks: TickClaim[]): Promise<Map<string, number>>;
  /** The time of the latest tick claimed for a workflow, or of its baseline; undefined before either. */
  lastTick(id: string): Promise<number | undefined>;
  /** Where a new schedule starts counting missed ticks from: sets the last tick to `at` unless there is one. */
  baseline(id: string, at: number): Promise<void>;
  /** Moves the last tick up to `at` when it is earlier: ticks up to `at` (those missed while paused) are not owed. */
  waive(id: string, at: number): Promise<void>;
  /** Drops claims made before `before` (ms): they only guard ticks long past. */
  prune(before: number): Promise<void>;
  /** A deleted workflow leaves no state, counter or claim behind. */
  forget(id: string): Promise<void>;
  close(): Promise<void>;
}
