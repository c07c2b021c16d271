import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { Problem, Workflow } from '../api/types.ts';
import { useRuns } from '../runs/run-store.ts';
import { downloadJson, readJsonFile } from '../ui/files.ts';
import { useCalledWorkflows } from './called-workflows.ts';
import { drafts } from './draft.ts';
import { useEditor } from './editor-store.ts';
import { type Conflict, conflictOf, saveAtRevision } from './merge/save-at-revision.ts';
import { templateFromSearch } from './template-link.ts';

export type LoadState =
  | { status: 'loading' }
  | { status: 'ready'; restoredDraft?: string; savedSince?: boolean; template?: boolean }
  | { status: 'error'; message: string };

interface SessionOptions {
  /** The query of a template link (`?template=...`), empty for any other editor URL. */
  templateSearch: string;
  /** Saving was refused with located problems: show them. */
  onProblems(): void;
  /** The graph was replaced wholesale (an import): bring it into view. */
  onReplaced(): void;
}

const VALIDATE_AFTER_MS = 350;

function problemsOf(error: unknown): Problem[] | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problems = (error.details as { problems?: Problem[] } | null)?.problems;
  return Array.isArray(problems) ? problems : undefined;
}

/**
 * One workflow open in the editor: loading it (or a template, or a local draft of unsaved edits),
 * keeping that draft and the server's problems current as the graph changes, saving, and moving
 * it in and out as a file. Changes are followed by subscription, so the editor does not re-render on each.
 */
export function useWorkflowSession(id: string, { templateSearch, onProblems, onReplaced }: SessionOptions) {
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const [saving, setSaving] = useState(false);
  /** Ids already taken, while a template is being named before its first save. */
  const [naming, setNaming] = useState<ReadonlySet<string> | undefined>();
  const base = useRef<string | undefined>(undefined);
  /** The revision the editor's document started from, and that revision's document: what a save checks and a merge compares with. */
  const revision = useRef<{ revision: string; document: Workflow } | undefined>(undefined);
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const navigate = useNavigate();

  useEffect(() => {
    const keepDraft = () => {
      const state = useEditor.getState();
      if (state.dirty && state.workflowId === id) drafts.write(id, state.document(), base.current);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    const unsubscribe = useEditor.subscribe((state, previous) => {
      if (state.revision === previous.revision || state.workflowId !== id) return;
      clearTimeout(timer);
      controller?.abort();
      const current = new AbortController();
      controller = current;
      timer = setTimeout(async () => {
        const document = useEditor.getState().document();
        if (useEditor.getState().dirty) drafts.write(id, document, base.current);
        try {
          const { problems, warnings } = await endpoints.validate(document, current.signal);
          if (!current.signal.aborted) useEditor.getState().setProblems(problems, document, warnings);
        } catch {
          // Validation while editing is a convenience; saving still reports every problem.
        }
      }, VALIDATE_AFTER_MS);
    });
    // The debounced draft may lag the last keystroke: write it now when the page goes away.
    window.addEventListener('pagehide', keepDraft);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      controller?.abort();
      window.removeEventListener('pagehide', keepDraft);
      // Leaving the editor inside the app cancels the pending timer: keep the draft now.
      keepDraft();
    };
  }, [id]);

  useEffect(() => {
    let cancelled = false;
    useRuns.getState().clear();
    setLoad({ status: 'loading' });
    (async () => {
      const template = templateSearch ? templateFromSearch(templateSearch) : undefined;
      if (template) {
        if ('error' in template) setLoad({ status: 'error', message: template.error });
        else {
          useEditor.getState().load(id, template.document, { readOnly: false, dirty: true });
          setLoad({ status: 'ready', template: true });
        }
        return;
      }
      const draft = drafts.read(id);
      try {
        const saved = await endpoints.workflow(id);
        if (cancelled) return;
        base.current = saved.updatedAt;
        revision.current = { revision: saved.revision, document: saved.document };
        const differs = draft && JSON.stringify(draft.document) !== JSON.stringify(saved.document);
        useEditor.getState().load(id, differs ? draft.document : saved.document, { readOnly: saved.readOnly, dirty: Boolean(differs) });
        if (saved.problems.length > 0 || saved.warnings.length > 0) useEditor.getState().setProblems(saved.problems, saved.document, saved.warnings);
        setLoad({ status: 'ready', restoredDraft: differs ? draft.savedAt : undefined, savedSince: differs && draft.base !== saved.updatedAt });
      } catch (error) {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 404 && draft) {
          useEditor.getState().load(id, draft.document, { readOnly: false, dirty: true });
          setLoad({ status: 'ready', restoredDraft: draft.savedAt });
        } else setLoad({ status: 'error', message: errorMessage(error) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [id, templateSearch]);

  const save = async () => {
    const state = useEditor.getState();
    if (state.readOnly || state.workflowId !== id) return;
    if (load.status === 'ready' && load.template) {
      const taken = await endpoints.workflows().then(
        (list) => new Set(list.map((w) => w.id)),
        () => new Set<string>(),
      );
      setNaming(taken);
      return;
    }
    await persist(state.document());
  };

  /** Saves over the revision the editor started from; a save that came first elsewhere opens the merge. */
  const persist = async (document: Workflow) => {
    const at = useEditor.getState().revision;
    setSaving(true);
    try {
      const saved = await saveAtRevision(id, document, revision.current?.revision);
      base.current = saved.updatedAt;
      revision.current = { revision: saved.revision, document: saved.document };
      drafts.clear(id);
      // Nodes elsewhere that call this workflow are typed by what it declares now.
      useCalledWorkflows.getState().saved(id, saved.document);
      if (useEditor.getState().revision === at) useEditor.getState().markSaved();
      useEditor.getState().setProblems(saved.problems, document, saved.warnings);
      setLoad({ status: 'ready' });
      if (saved.valid) useEditor.getState().notify('Saved', 'ok');
      else {
        const count = saved.problems.length;
        useEditor.getState().notify(`Saved with ${count} problem${count === 1 ? '' : 's'}: it does not run until they are fixed`, 'info');
        onProblems();
      }
    } catch (error) {
      const refused = conflictOf(error);
      if (refused) {
        setConflict(refused);
        return;
      }
      const problems = problemsOf(error);
      if (problems) {
        useEditor.getState().setProblems(problems, document);
        onProblems();
      }
      useEditor.getState().notify(`Not saved: ${errorMessage(error)}`, 'error');
    } finally {
      setSaving(false);
    }
  };

  const merge = {
    conflict,
    base: () => revision.current?.document,
    /** The revision the editor's document started from. */
    revision: () => revision.current?.revision,
    takeTheirs(theirs: Conflict | undefined = conflict) {
      if (!theirs) return;
      revision.current = { revision: theirs.revision, document: theirs.theirs };
      drafts.clear(id);
      useEditor.getState().load(id, theirs.theirs, { readOnly: false, dirty: false });
      setConflict(undefined);
    },
    /** Saves the chosen document over their revision. */
    async save(document: Workflow) {
      if (!conflict) return;
      revision.current = { revision: conflict.revision, document: conflict.theirs };
      setConflict(undefined);
      useEditor.getState().replaceDocument(document);
      await persist(document);
    },
    close: () => setConflict(undefined),
    /** A save elsewhere, heard of before this editor saves: offered as a merge. */
    offer: (theirs: Conflict) => setConflict(theirs),
  };

  /** The first save of a template: under the id and name the person chose. */
  const saveTemplate = async (newId: string, newName: string) => {
    const document = useEditor.getState().document();
    const saved = await endpoints.saveWorkflow(newId, { ...document, id: newId, name: newName });
    revision.current = { revision: saved.revision, document: saved.document };
    drafts.clear(id);
    useEditor.getState().markSaved();
    setNaming(undefined);
    navigate(`/workflows/${encodeURIComponent(newId)}`, { replace: true });
  };

  const discardDraft = async () => {
    drafts.clear(id);
    const saved = await endpoints.workflow(id).catch(() => undefined);
    if (saved) {
      revision.current = { revision: saved.revision, document: saved.document };
      useEditor.getState().load(id, saved.document, { readOnly: saved.readOnly, dirty: false });
    }
    setLoad({ status: 'ready' });
  };

  const importFile = async (file: File) => {
    try {
      const document = (await readJsonFile(file)) as Workflow;
      if (!Array.isArray(document?.nodes)) throw new Error('the file has no "nodes" list');
      useEditor.getState().replaceDocument(document);
      onReplaced();
      useEditor.getState().notify(`Imported ${file.name}: save to keep it`, 'ok');
    } catch (error) {
      useEditor.getState().notify(`Cannot import ${file.name}: ${errorMessage(error)}`, 'error');
    }
  };

  const exportFile = () => downloadJson(`${id}.json`, useEditor.getState().document());

  return { load, saving, naming, save, merge, saveTemplate, cancelNaming: () => setNaming(undefined), discardDraft, importFile, exportFile };
}
