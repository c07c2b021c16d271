import { ApiError, answer } from '../../api/client.ts';
import { server } from '../../api/server.ts';
import type { Workflow } from '../../api/types.ts';

/** What a stale save is answered with: the revision saved meanwhile, and its document. */
export interface Conflict {
  revision: string;
  theirs: Workflow;
}

/** Saves the draft only over the revision it was edited from (`If-Match`), so no one else's save is overwritten unseen. */
export function saveAtRevision(id: string, document: Workflow, revision: string | undefined) {
  return answer(
    server.api.workflows[':id'].$put(
      { param: { id: encodeURIComponent(id) }, json: document },
      revision ? { headers: { 'If-Match': `"${revision}"` } } : undefined,
    ),
  );
}

export function conflictOf(error: unknown): Conflict | undefined {
  if (!(error instanceof ApiError) || error.status !== 409 || error.code !== 'conflict') return undefined;
  const details = error.details as { revision?: unknown; document?: unknown } | null;
  if (typeof details?.revision !== 'string' || !details.document || typeof details.document !== 'object') return undefined;
  return { revision: details.revision, theirs: details.document as Workflow };
}

/** The workflow as saved now, as the other side of a merge. */
export async function currentRevision(id: string): Promise<Conflict> {
  const saved = await answer(server.api.workflows[':id'].$get({ param: { id: encodeURIComponent(id) } }));
  return { revision: saved.revision, theirs: saved.document };
}
