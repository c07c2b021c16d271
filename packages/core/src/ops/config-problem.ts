/** One thing wrong with a node's config, located relative to that config (`['pattern']`, `['cases', 2, 'name']`). */
export interface ConfigProblemEntry {
  at: PropertyKey[];
  message: string;
  /** A problem more specific than a bad config: a call of a saved workflow that does not exist, a path Pattern serves itself. */
  code?: 'unknown_workflow' | 'route_reserved';
}

/**
 * Thrown by an op's `prepare` to refuse a config it cannot work with (a pattern RE2 does not
 * support, a schema that does not compile). The workflow then has a located validation problem
 * instead of a run that fails later.
 */
export class ConfigProblem extends Error {
  override name = 'ConfigProblem';
  readonly problems: ConfigProblemEntry[];

  constructor(at: PropertyKey[] | ConfigProblemEntry[], message?: string) {
    const problems = isEntries(at) ? at : [{ at, message: message ?? 'is not valid' }];
    super(problems.map((p) => p.message).join('; '));
    this.problems = problems;
  }
}

function isEntries(value: PropertyKey[] | ConfigProblemEntry[]): value is ConfigProblemEntry[] {
  return value.length > 0 && typeof value[0] === 'object' && value[0] !== null;
}
