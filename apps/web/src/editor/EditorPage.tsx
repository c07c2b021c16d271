import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { ArrowLeft, Download, LayoutGrid, Redo2, Save, TriangleAlert, Undo2, Upload } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { Problem, Workflow } from '../api/types.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { useRuns } from '../runs/run-store.ts';
import { downloadJson, readJsonFile } from '../ui/files.ts';
import { CreateWorkflowDialog } from '../workflows/CreateWorkflowDialog.tsx';
import { layoutGraph } from './auto-layout.ts';
import { Canvas } from './Canvas.tsx';
import { drafts } from './draft.ts';
import { useEditor } from './editor-store.ts';
import type { GraphEdge, OpNode } from './graph.ts';
import { Inspector } from './Inspector.tsx';
import { Notice } from './Notice.tsx';
import { Palette } from './Palette.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { QuickInsert } from './QuickInsert.tsx';
import { RunPanel } from './RunPanel.tsx';
import { TEMPLATE_ROUTE_ID, templateFromSearch } from './template-link.ts';
import { useEditorShortcuts } from './use-editor-shortcuts.ts';
import { VersionsPanel } from './versions/VersionsPanel.tsx';
import { VersionViewBanner } from './versions/VersionViewBanner.tsx';
import { useVersions } from './versions/version-store.ts';

type Tab = 'inspector' | 'run' | 'problems' | 'versions';
type LoadState =
  | { status: 'loading' }
  | { status: 'ready'; restoredDraft?: string; savedSince?: boolean; template?: boolean }
  | { status: 'error'; message: string };

function problemsOf(error: unknown): Problem[] | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problems = (error.details as { problems?: Problem[] } | null)?.problems;
  return Array.isArray(problems) ? problems : undefined;
}

/**
 * Keeps a local draft of unsaved edits and asks the server what is wrong as the graph changes.
 * A component of its own so that the editor around it does not re-render on every change.
 */
function DraftAndValidation({ id, base }: { id: string; base: { current: string | undefined } }) {
  const revision = useEditor((s) => s.revision);
  useEffect(() => {
    if (revision === 0) return;
    const state = useEditor.getState();
    if (state.workflowId !== id) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const document = state.document();
      if (useEditor.getState().dirty) drafts.write(id, document, base.current);
      try {
        const problems = await endpoints.validate(document, controller.signal);
        if (!controller.signal.aborted) useEditor.getState().setProblems(problems, document);
      } catch {
        // Validation while editing is a convenience; saving still reports every problem.
      }
    }, 350);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [revision, id, base]);
  // Leaving the editor inside the app cancels the pending timer above: keep the draft now.
  useEffect(
    () => () => {
      const state = useEditor.getState();
      if (state.dirty && state.workflowId === id) drafts.write(id, state.document(), base.current);
    },
    [id, base],
  );
  return null;
}

function EditorScreen({ id }: { id: string }) {
  const flow = useReactFlow<OpNode, GraphEdge>();
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const [tab, setTab] = useState<Tab>('inspector');
  const [quickInsert, setQuickInsert] = useState(false);
  const [saving, setSaving] = useState(false);
  const base = useRef<string | undefined>(undefined);
  const dirty = useEditor((s) => s.dirty);
  const readOnly = useEditor((s) => s.readOnly);
  const name = useEditor((s) => s.meta.name);
  const problemCount = useEditor((s) => s.problems.length);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const catalogReady = useCatalog((s) => s.status === 'ready');
  const fileInput = useRef<HTMLInputElement>(null);
  const { search } = useLocation();
  // Only a template link reads the query: other editor URLs never reload on a query change.
  const templateSearch = id === TEMPLATE_ROUTE_ID ? search : '';
  const navigate = useNavigate();
  const viewingVersion = useVersions((s) => s.view.kind !== 'draft');
  const [naming, setNaming] = useState<ReadonlySet<string> | undefined>();

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
        setTab('problems');
      }
      state.notify(`Not saved: ${errorMessage(error)}`, 'error');
    } finally {
      setSaving(false);
    }
  }, [id, load]);

  const saveTemplate = async (newId: string, newName: string) => {
    const document = useEditor.getState().document();
    await endpoints.saveWorkflow(newId, { ...document, id: newId, name: newName });
    drafts.clear(id);
    useEditor.getState().markSaved();
    setNaming(undefined);
    navigate(`/workflows/${encodeURIComponent(newId)}`, { replace: true });
  };

  const openQuickInsert = useCallback(() => setQuickInsert(true), []);
  useEditorShortcuts({ save: () => void save(), openQuickInsert });

  useEffect(() => {
    // The debounced draft may lag the last keystroke: write it now when the page goes away.
    const keep = () => {
      const state = useEditor.getState();
      if (state.dirty && state.workflowId === id) drafts.write(id, state.document(), base.current);
    };
    window.addEventListener('pagehide', keep);
    return () => window.removeEventListener('pagehide', keep);
  }, [id]);

  const layout = async () => {
    const { nodes, edges } = useEditor.getState();
    try {
      const positions = await layoutGraph(nodes, edges, (nodeId) => flow.getInternalNode(nodeId));
      useEditor.getState().setPositions(positions);
      requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 300 }));
    } catch (error) {
      useEditor.getState().notify(`Layout failed: ${errorMessage(error)}`, 'error');
    }
  };

  const importFile = async (file: File) => {
    try {
      const document = (await readJsonFile(file)) as Workflow;
      if (!Array.isArray(document?.nodes)) throw new Error('the file has no "nodes" list');
      useEditor.getState().replaceDocument(document);
      requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1 }));
      useEditor.getState().notify(`Imported ${file.name}: save to keep it`, 'ok');
    } catch (error) {
      useEditor.getState().notify(`Cannot import ${file.name}: ${errorMessage(error)}`, 'error');
    }
  };

  if (load.status === 'loading' || (load.status === 'ready' && !catalogReady && useCatalog.getState().status !== 'error')) {
    return <div className="page-message">Loading…</div>;
  }
  if (load.status === 'error') {
    return (
      <div className="page-message">
        <h1>Cannot open “{id}”</h1>
        <p>{load.message}</p>
        <Link to="/">Back to workflows</Link>
      </div>
    );
  }

  return (
    <div className="editor">
      <header className="editor-toolbar">
        <Link to="/" className="icon-button" aria-label="Back to workflows">
          <ArrowLeft size={16} aria-hidden="true" />
        </Link>
        <div className="editor-title">
          <input
            className="title-input"
            aria-label="Workflow name"
            value={name ?? ''}
            placeholder={id}
            readOnly={readOnly}
            onChange={(e) => useEditor.getState().setMeta({ name: e.target.value || undefined })}
          />
          <span className="editor-id">{id}</span>
        </div>
        <span className={dirty ? 'save-state is-dirty' : 'save-state'} data-testid="save-state">
          {viewingVersion
            ? 'Read-only (a published version)'
            : readOnly
              ? 'Read-only (shipped by a mod)'
              : load.template
                ? 'New from a template: save to name it'
                : dirty
                  ? 'Unsaved changes'
                  : 'Saved'}
        </span>
        <fieldset className="toolbar-group">
          <legend className="visually-hidden">Edit</legend>
          <button
            type="button"
            className="icon-button"
            onClick={() => useEditor.getState().undo()}
            disabled={!canUndo}
            aria-label="Undo"
            title="Undo (Ctrl/Cmd+Z)"
          >
            <Undo2 size={16} aria-hidden="true" />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => useEditor.getState().redo()}
            disabled={!canRedo}
            aria-label="Redo"
            title="Redo (Shift+Ctrl/Cmd+Z)"
          >
            <Redo2 size={16} aria-hidden="true" />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => void layout()}
            disabled={readOnly}
            aria-label="Auto-layout"
            title="Auto-layout"
          >
            <LayoutGrid size={16} aria-hidden="true" />
          </button>
        </fieldset>
        <fieldset className="toolbar-group">
          <legend className="visually-hidden">File</legend>
          <button
            type="button"
            className="icon-button"
            onClick={() => fileInput.current?.click()}
            disabled={readOnly}
            aria-label="Import JSON"
            title="Import JSON"
          >
            <Upload size={16} aria-hidden="true" />
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            aria-label="Workflow JSON file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importFile(file);
              e.target.value = '';
            }}
          />
          <button
            type="button"
            className="icon-button"
            onClick={() => downloadJson(`${id}.json`, useEditor.getState().document())}
            aria-label="Export JSON"
            title="Export JSON"
          >
            <Download size={16} aria-hidden="true" />
          </button>
        </fieldset>
        <button type="button" className="button primary" onClick={() => void save()} disabled={readOnly || saving} title="Save (Ctrl/Cmd+S)">
          <Save size={14} aria-hidden="true" />
          {saving ? 'Saving…' : 'Save'}
        </button>
      </header>
      {load.restoredDraft ? (
        <div className="banner" role="status">
          Restored your unsaved changes from {new Date(load.restoredDraft).toLocaleString()}.
          {load.savedSince ? ' The workflow was saved elsewhere since: saving will replace that version.' : ''}
          <button
            type="button"
            className="link-button"
            onClick={async () => {
              drafts.clear(id);
              const saved = await endpoints.workflow(id).catch(() => undefined);
              if (saved) useEditor.getState().load(id, saved.document, { readOnly: saved.readOnly, dirty: false });
              setLoad({ status: 'ready' });
            }}
          >
            Discard them
          </button>
        </div>
      ) : null}
      <DraftAndValidation id={id} base={base} />
      <div className="editor-body">
        <Palette />
        <main className="editor-canvas">
          <Canvas />
          <VersionViewBanner workflowId={id} />
          {quickInsert ? <QuickInsert onClose={() => setQuickInsert(false)} /> : null}
          <Notice />
        </main>
        <aside className="side-panel" aria-label="Details">
          <div className="tabs" role="tablist" aria-label="Panels">
            {(['inspector', 'run', 'problems', 'versions'] as const).map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`tab-${name}`}
                aria-selected={tab === name}
                aria-controls={`panel-${name}`}
                className={tab === name ? 'tab is-active' : 'tab'}
                onClick={() => setTab(name)}
              >
                {name === 'inspector' ? 'Inspector' : name === 'run' ? 'Run' : name === 'problems' ? 'Problems' : 'Versions'}
                {name === 'problems' && problemCount > 0 ? (
                  <span className="tab-count">
                    <TriangleAlert size={12} aria-hidden="true" />
                    {problemCount}
                  </span>
                ) : null}
              </button>
            ))}
          </div>
          <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'inspector' ? <Inspector /> : tab === 'run' ? <RunPanel /> : tab === 'problems' ? <ProblemsPanel /> : <VersionsPanel />}
          </div>
        </aside>
      </div>
      {naming ? <CreateWorkflowDialog taken={naming} initialName={name} onCreate={saveTemplate} onCancel={() => setNaming(undefined)} /> : null}
    </div>
  );
}

export function EditorPage() {
  const { id = '' } = useParams();
  useEffect(() => void useCatalog.getState().load(), []);
  return (
    <ReactFlowProvider>
      <EditorScreen key={id} id={id} />
    </ReactFlowProvider>
  );
}
