/** Ports the http mod's ops share, described once so the catalog says the same of each. */

/** Wired, the request waits for that node, and is not sent when it is skipped (call out only once a lease is held). */
export const after = {
  kind: 'control' as const,
  description: 'Wire to send the request only after another node; skipped when that node is skipped.',
};
