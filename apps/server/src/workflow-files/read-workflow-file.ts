import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { WORKFLOW_FILE_SUFFIX } from './canonical-file.ts';
import { jsonErrorOffset } from './json-error-offset.ts';

export type WorkflowFile =
  | { ok: true; file: string; id: string; document: Record<string, unknown> }
  | { ok: false; file: string; line?: number; column?: number; message: string };

/** The id a file names: its own `id`, else its file name without `.workflow.json`. */
export function idOfFile(file: string): string {
  const name = basename(file);
  return name.endsWith(WORKFLOW_FILE_SUFFIX) ? name.slice(0, -WORKFLOW_FILE_SUFFIX.length) : name.replace(/\.json$/, '');
}

/**
 * Reads one workflow file. A file that is not JSON is reported with the line and column of the
 * first error, as an editor shows them; a file whose `id` disagrees with its name is refused, so
 * a copied file cannot silently overwrite the workflow it was copied from.
 */
export function readWorkflowFile(file: string, text?: string): WorkflowFile {
  let source: string;
  try {
    source = text ?? readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, file, message: `cannot read it: ${(error as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { ok: false, file, ...located(source, (error as Error).message) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, file, line: 1, column: 1, message: 'a workflow file holds one JSON object' };
  const document = value as Record<string, unknown>;
  const id = idOfFile(file);
  if (document.id !== undefined && document.id !== id) {
    return { ok: false, file, message: `its id ${JSON.stringify(document.id)} does not match its file name (expected "${id}")` };
  }
  return { ok: true, file, id, document: { ...document, id } };
}

/** Where a person looks for the mistake: the line and column of the first character JSON cannot read. */
function located(source: string, message: string): { line?: number; column?: number; message: string } {
  const offset = jsonErrorOffset(source);
  const text = message.replace(/, (\.\.\.)?"[\s\S]*$/, '').replace(/ (in JSON )?at position \d+[\s\S]*$/, '');
  if (offset === undefined) return { message: text };
  const lines = source.slice(0, offset).split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1, message: text };
}
