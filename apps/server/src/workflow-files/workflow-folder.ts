import { type FSWatcher, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Engine, type Logger, toErrorBody, type WorkflowChange, WorkflowSchema } from '@pattern/core';
import { canonicalWorkflowText, WORKFLOW_FILE_SUFFIX, workflowFileName } from './canonical-file.ts';
import { listWorkflowFiles } from './list-workflow-files.ts';
import { readWorkflowFile } from './read-workflow-file.ts';

/** Editors save a file in several writes (truncate, write, rename): one load after they settle. */
const DEBOUNCE_MS = 100;

/** Where a saved workflow comes from: a file of the workflows folder, or only the database. */
export type WorkflowSource = 'file' | 'database';

export interface WorkflowSources {
  sourceOf(id: string): WorkflowSource;
}

/**
 * The `workflowsDir` setting: every `*.workflow.json` in the folder is loaded at start and again
 * when it changes, and a workflow that came from a file is written back to it, canonically, when
 * it is saved another way (the editor, the API). A bad file is reported by name and line and
 * does not keep the others from loading.
 */
export class WorkflowFolder implements WorkflowSources {
  private readonly fromFiles = new Set<string>();
  /** What this folder last wrote or read per file, so a write-back does not load itself again, nor a load write itself back. */
  private readonly known = new Map<string, string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private watcher: FSWatcher | undefined;
  private unsubscribe: (() => void) | undefined;

  private constructor(
    private readonly engine: Engine,
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  static async open(engine: Engine, dir: string, log: Logger): Promise<WorkflowFolder> {
    const folder = new WorkflowFolder(engine, dir, log);
    for (const file of listWorkflowFiles([dir])) await folder.load(file);
    folder.unsubscribe = engine.workflows.subscribe((change) => folder.writeBack(change));
    folder.watcher = watch(dir, (_event, name) => {
      if (typeof name === 'string' && name.endsWith(WORKFLOW_FILE_SUFFIX)) folder.schedule(join(dir, name));
    });
    folder.watcher.on('error', (error) => log.error(`watching the workflows folder ${dir} failed`, { error: String(error) }));
    return folder;
  }

  sourceOf(id: string): WorkflowSource {
    return this.fromFiles.has(id) ? 'file' : 'database';
  }

  close(): void {
    this.watcher?.close();
    this.unsubscribe?.();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(file: string): void {
    clearTimeout(this.timers.get(file));
    const timer = setTimeout(() => {
      this.timers.delete(file);
      void this.load(file);
    }, DEBOUNCE_MS);
    timer.unref?.();
    this.timers.set(file, timer);
  }

  private async load(file: string): Promise<void> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // Removed (or renamed away): the workflow stays saved; only its file is gone.
      return;
    }
    if (this.known.get(file) === text) return;
    this.known.set(file, text);
    const read = readWorkflowFile(file, text);
    if (!read.ok) {
      this.log.warn(`workflow file ${file}${read.line ? `, line ${read.line}` : ''}: ${read.message}`);
      return;
    }
    this.fromFiles.add(read.id);
    try {
      await this.engine.workflows.save(read.id, read.document);
    } catch (error) {
      const body = toErrorBody(error);
      const problems = (body.details as { problems?: Array<{ path: string; message: string }> } | null)?.problems ?? [];
      const where = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
      this.log.warn(`workflow file ${file}: ${body.message}${where ? ` (${where})` : ''}`);
    }
  }

  private writeBack(change: WorkflowChange): void {
    if (change.type !== 'saved' || !this.fromFiles.has(change.workflow.id)) return;
    const file = join(this.dir, workflowFileName(change.workflow.id));
    const text = canonicalWorkflowText({ ...change.workflow.document, id: change.workflow.id });
    // Loading a file saves the workflow too: a file that says the same in other words stays as its author wrote it.
    if (this.known.get(file) !== undefined && sameContent(this.known.get(file) as string, text)) return;
    try {
      writeFileSync(file, text);
      this.known.set(file, text);
    } catch (error) {
      this.log.error(`writing workflow file ${file} failed`, { error: String(error) });
    }
  }
}

/** Whether a file already says what the saved document says, defaults filled in as saving fills them. */
function sameContent(fileText: string, canonical: string): boolean {
  try {
    const parsed = WorkflowSchema.safeParse(JSON.parse(fileText));
    return parsed.success && canonicalWorkflowText({ ...parsed.data, id: JSON.parse(canonical).id }) === canonical;
  } catch {
    return false;
  }
}
