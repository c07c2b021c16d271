import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { Problem, Workflow } from '../api/types.ts';
import { useRuns } from '../runs/run-store.ts';
import { downloadJson, readJsonFile } from '../ui/files.ts';
import { drafts } from './draft.ts';
import { useEditor } from './editor-store.ts';
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
          const problems = await endpoints.validate(document, current.signal);
          if (!current.signal.aborted) useEditor.getState().setProblems(problems, document);
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
        const differs = draft && JSON.stringify(draft.document) !== JSON.stringify(saved.document);
        useEditor.getState().load(id, differs ? draft.document : saved.document, { readOnly: saved.readOnly, dirty: Boolean(differs) });
        if (saved.problems.length > 0) useEditor.getState().setProblems(saved.problems, saved.document);
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

  const save = useCallback(async () => {
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
    const document: Workflow = state.document();
    const at = state.revision;
    setSaving(true);
    try {
      const saved = await endpoints.saveWorkflow(id, document);
      base.current = saved.updatedAt;
      drafts.clear(id);
      if (useEditor.getState().revision === at) useEditor.getState().markSaved();
      useEditor.getState().setProblems([], document);
      setLoad({ status: 'ready' });
      state.notify('Saved', 'ok');
    } catch (error) {
      const problems = problemsOf(error);
      if (problems) {
        useEditor.getState().setProblems(problems, document);
        onProblems();
      }
      state.notify(`Not saved: ${errorMessage(error)}`, 'error');
    } finally {
      setSaving(false);
    }
  }, [id, load, onProblems]);

  /** The first save of a template: under the id and name the person chose. */
  const saveTemplate = async (newId: string, newName: string) => {
    const document = useEditor.getState().document();
    await endpoints.saveWorkflow(newId, { ...document, id: newId, name: newName });
    drafts.clear(id);
    useEditor.getState().markSaved();
    setNaming(undefined);
    navigate(`/workflows/${encodeURIComponent(newId)}`, { replace: true });
  };

  const discardDraft = async () => {
    drafts.clear(id);
    const saved = await endpoints.workflow(id).catch(() => undefined);
    if (saved) useEditor.getState().load(id, saved.document, { readOnly: saved.readOnly, dirty: false });
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

  return { load, saving, naming, save, saveTemplate, cancelNaming: () => setNaming(undefined), discardDraft, importFile, exportFile };
}
