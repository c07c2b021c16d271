import type { Workflow } from '../api/types.ts';

/** The id under which the editor opens a template: `/workflows/new?template=…`. */
export const TEMPLATE_ROUTE_ID = 'new';

/**
 * The workflow a docs "Try it" link carries in `?template=` (URL-encoded JSON), checked enough to
 * draw: undefined when the URL has none, a message when it cannot be read.
 */
export function templateFromSearch(search: string): { document: Workflow } | { error: string } | undefined {
  const raw = new URLSearchParams(search).get('template');
  if (raw === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { error: `The template in the link is not valid JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || !Array.isArray((value as Workflow).nodes)) {
    return { error: 'The template in the link is not a workflow: it has no "nodes" list' };
  }
  const document = value as Workflow;
  return { document: { ...document, edges: Array.isArray(document.edges) ? document.edges : [] } };
}
