/** Control ports several base ops share, described once so the catalog says the same of each. */

/** On ops with a side effect: wired, the node waits for that one, and is skipped when it is skipped. */
export const after = { kind: 'control' as const, description: 'Wire to run only after another node; skipped when that node is skipped.' };
