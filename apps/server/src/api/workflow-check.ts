import { type Engine, PatternError, type Problem, responseWarnings } from '@pattern/core';

export interface WorkflowCheck {
  /** What keeps the document from saving as valid, running or publishing. */
  problems: Problem[];
  /** What may go wrong in a valid document without stopping it (a route response a run can skip); none while it has problems. */
  warnings: Problem[];
}

/** Problems and warnings of a document, compiling it once. */
export function checkWorkflow(engine: Engine, document: unknown): WorkflowCheck {
  let plan: ReturnType<Engine['compile']>;
  try {
    plan = engine.compile(document);
  } catch (error) {
    const problems =
      error instanceof PatternError && error.code === 'validation_failed' ? (error.details as { problems?: Problem[] }).problems : undefined;
    if (!problems) throw error;
    return { problems, warnings: [] };
  }
  return { problems: [], warnings: responseWarnings(plan) };
}
