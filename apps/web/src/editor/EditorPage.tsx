import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { ArrowLeft, CircleAlert, Download, LayoutGrid, Redo2, Save, TriangleAlert, Undo2, Upload } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useCatalog } from '../catalog/catalog-store.ts';
import { CreateWorkflowDialog } from '../workflows/CreateWorkflowDialog.tsx';
import { WorkflowStateSwitch } from '../workflows/WorkflowStateSwitch.tsx';
import { ApiReferenceLink } from './ApiReferenceLink.tsx';
import { Canvas } from './Canvas.tsx';
import { useCalledWorkflowsFresh } from './called-workflows.ts';
import { useEditor } from './editor-store.ts';
import { fitReadable } from './fit-view.ts';
import type { GraphEdge, OpNode } from './graph.ts';
import { Inspector } from './Inspector.tsx';
import { MergeDialog } from './merge/MergeDialog.tsx';
import { currentRevision } from './merge/save-at-revision.ts';
import { Notice } from './Notice.tsx';
import { Palette } from './Palette.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { PresenceChip } from './presence/PresenceChip.tsx';
import { SavedElsewhereNotice } from './presence/SavedElsewhereNotice.tsx';
import { usePresence } from './presence/use-presence.ts';
import { QuickInsert } from './QuickInsert.tsx';
import { RunPanel } from './RunPanel.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { WorkflowSettingsButton } from './settings/WorkflowSettings.tsx';
import { TEMPLATE_ROUTE_ID } from './template-link.ts';
import { TestsPanel } from './tests/TestsPanel.tsx';
import { useAutoLayout } from './use-auto-layout.ts';
import { useEditorShortcuts } from './use-editor-shortcuts.ts';
import { useWorkflowSession } from './use-workflow-session.ts';
import { VersionsPanel } from './versions/VersionsPanel.tsx';
import { VersionViewBanner } from './versions/VersionViewBanner.tsx';
import { useVersions } from './versions/version-store.ts';

type Tab = 'inspector' | 'run' | 'tests' | 'problems' | 'versions';

function EditorScreen({ id }: { id: string }) {
  const flow = useReactFlow<OpNode, GraphEdge>();
  const [tab, setTab] = useState<Tab>('inspector');
  const picker = useEditor((s) => s.picker);
  const dirty = useEditor((s) => s.dirty);
  const readOnly = useEditor((s) => s.readOnly);
  const name = useEditor((s) => s.meta.name);
  const problemCount = useEditor((s) => s.problems.length);
  const warningCount = useEditor((s) => s.warnings.length);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const catalogReady = useCatalog((s) => s.status === 'ready');
  const fileInput = useRef<HTMLInputElement>(null);
  const { search } = useLocation();
  const viewingVersion = useVersions((s) => s.view.kind !== 'draft');
  const showProblems = useCallback(() => setTab('problems'), []);
  const fitImported = useCallback(() => requestAnimationFrame(() => void fitReadable(flow)), [flow]);
  const session = useWorkflowSession(id, {
    // Only a template link reads the query: other editor URLs never reload on a query change.
    templateSearch: id === TEMPLATE_ROUTE_ID ? search : '',
    onProblems: showProblems,
    onReplaced: fitImported,
  });
  const { load, saving, naming, save } = session;

  useEditorShortcuts({ save: () => void save() });
  const presence = usePresence(id, load.status === 'ready' && !load.template);
  useCalledWorkflowsFresh();
  const savedElsewhere = presence.lastSaved !== undefined && !saving && !session.merge.conflict && presence.lastSaved !== session.merge.revision();
  const layout = useAutoLayout();

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
      <a className="skip-link" href="#canvas">
        Skip to the canvas
      </a>
      <h1 className="visually-hidden">{name ?? id}</h1>
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
                  : problemCount > 0
                    ? `Saved with ${problemCount} problem${problemCount === 1 ? '' : 's'}: not running until fixed`
                    : 'Saved'}
        </span>
        <PresenceChip others={presence.others} />
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
          <WorkflowSettingsButton />
          <ApiReferenceLink />
        </fieldset>
        {readOnly || load.template ? null : <WorkflowStateSwitch id={id} name={name ?? id} refreshKey={saving} />}
        <button type="button" className="button primary" onClick={() => void save()} disabled={readOnly || saving} title="Save (Ctrl/Cmd+S)">
          <Save size={14} aria-hidden="true" />
          {saving ? 'Saving…' : 'Save'}
        </button>
      </header>
      {savedElsewhere ? (
        <SavedElsewhereNotice
          dirty={dirty}
          onLoad={() => void currentRevision(id).then(session.merge.takeTheirs)}
          onMerge={() => void currentRevision(id).then(session.merge.offer)}
        />
      ) : null}
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
        <section className="editor-canvas" aria-label="Canvas">
          <Canvas />
          {/* A template is not saved yet: it has no versions to ask for. */}
          {id === TEMPLATE_ROUTE_ID ? null : <VersionViewBanner workflowId={id} />}
          {picker ? <QuickInsert request={picker} /> : null}
          <Notice />
        </section>
        <aside className="side-panel" aria-label="Details">
          <div className="tabs" role="tablist" aria-label="Panels">
            {(['inspector', 'run', 'tests', 'problems', 'versions'] as const).map((name) => (
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
                {name === 'inspector'
                  ? 'Inspector'
                  : name === 'run'
                    ? 'Run'
                    : name === 'tests'
                      ? 'Tests'
                      : name === 'problems'
                        ? 'Problems'
                        : 'Versions'}
                {name === 'problems' && problemCount > 0 ? (
                  <span className="tab-count">
                    <TriangleAlert size={12} aria-hidden="true" />
                    {problemCount}
                  </span>
                ) : null}
                {name === 'problems' && warningCount > 0 ? (
                  <span className="tab-count is-warning" title={`${warningCount} warning${warningCount === 1 ? '' : 's'}`}>
                    <CircleAlert size={12} aria-hidden="true" />
                    {warningCount}
                  </span>
                ) : null}
              </button>
            ))}
          </div>
          <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'inspector' ? (
              <Inspector />
            ) : tab === 'run' ? (
              <RunPanel />
            ) : tab === 'tests' ? (
              <TestsPanel />
            ) : tab === 'problems' ? (
              <ProblemsPanel />
            ) : (
              <VersionsPanel />
            )}
          </div>
        </aside>
      </div>
      <ShortcutsDialog />
      {naming ? <CreateWorkflowDialog taken={naming} initialName={name} onCreate={session.saveTemplate} onCancel={session.cancelNaming} /> : null}
      {session.merge.conflict ? (
        <MergeDialog
          base={session.merge.base()}
          mine={useEditor.getState().document()}
          conflict={session.merge.conflict}
          onTakeTheirs={session.merge.takeTheirs}
          onSave={(document) => void session.merge.save(document)}
          onClose={session.merge.close}
        />
      ) : null}
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
