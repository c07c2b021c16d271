/** Ports several event-store ops share, described once so the catalog says the same of each. */

/** On every op that changes something: wired, the write waits for that node, and is skipped when it is skipped (append only once a lease is held). */
export const after = { kind: 'control' as const, description: 'Wire to write only after another node; skipped when that node is skipped.' };
