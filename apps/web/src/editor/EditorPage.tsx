import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { ArrowLeft, Download, LayoutGrid, Redo2, Save, TriangleAlert, Undo2, Upload } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { CreateWorkflowDialog } from '../workflows/CreateWorkflowDialog.tsx';
import { layoutGraph } from './auto-layout.ts';
import { Canvas } from './Canvas.tsx';
import { useEditor } from './editor-store.ts';
import type { GraphEdge, OpNode } from './graph.ts';
import { Inspector } from './Inspector.tsx';
import { Notice } from './Notice.tsx';
import { Palette } from './Palette.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { QuickInsert } from './QuickInsert.tsx';
import { RunPanel } from './RunPanel.tsx';
import { TEMPLATE_ROUTE_ID } from './template-link.ts';
import { useEditorShortcuts } from './use-editor-shortcuts.ts';
import { useWorkflowSession } from './use-workflow-session.ts';
import { VersionsPanel } from './versions/VersionsPanel.tsx';
import { VersionViewBanner } from './versions/VersionViewBanner.tsx';
import { useVersions } from './versions/version-store.ts';

type Tab = 'inspector' | 'run' | 'problems' | 'versions';

function EditorScreen({ id }: { id: string }) {
  const flow = useReactFlow<OpNode, GraphEdge>();
  const [tab, setTab] = useState<Tab>('inspector');
  const [quickInsert, setQuickInsert] = useState(false);
  const dirty = useEditor((s) => s.dirty);
  const readOnly = useEditor((s) => s.readOnly);
  const name = useEditor((s) => s.meta.name);
  const problemCount = useEditor((s) => s.problems.length);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const catalogReady = useCatalog((s) => s.status === 'ready');
  const fileInput = useRef<HTMLInputElement>(null);
  const { search } = useLocation();
  const viewingVersion = useVersions((s) => s.view.kind !== 'draft');
  const showProblems = useCallback(() => setTab('problems'), []);
  const fitImported = useCallback(() => requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1 })), [flow]);
  const session = useWorkflowSession(id, {
    // Only a template link reads the query: other editor URLs never reload on a query change.
    templateSearch: id === TEMPLATE_ROUTE_ID ? search : '',
    onProblems: showProblems,
    onReplaced: fitImported,
  });
  const { load, saving, naming, save } = session;

  const openQuickInsert = useCallback(() => setQuickInsert(true), []);
  useEditorShortcuts({ save: () => void save(), openQuickInsert });

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
              if (file) void session.importFile(file);
              e.target.value = '';
            }}
          />
          <button type="button" className="icon-button" onClick={session.exportFile} aria-label="Export JSON" title="Export JSON">
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
          <button type="button" className="link-button" onClick={() => void session.discardDraft()}>
            Discard them
          </button>
        </div>
      ) : null}
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
      {naming ? <CreateWorkflowDialog taken={naming} initialName={name} onCreate={session.saveTemplate} onCancel={session.cancelNaming} /> : null}
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
