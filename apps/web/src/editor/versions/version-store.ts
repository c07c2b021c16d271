import { create } from 'zustand';
import { ApiError, errorMessage } from '../../api/client.ts';
import type { Workflow } from '../../api/types.ts';
import { type VersionList, versionEndpoints } from '../../api/versions.ts';
import { drafts } from '../draft.ts';
import { useEditor } from '../editor-store.ts';
import { toFlow, toWorkflow } from '../graph.ts';
import { type DiffMark, diffWorkflows, mergeForDisplay, type WorkflowDiff } from './workflow-diff.ts';

/** A side of a comparison: a published version, or the draft being edited. */
export type Side = number | 'draft';

export type VersionView = { kind: 'draft' } | { kind: 'version'; version: number } | { kind: 'diff'; from: Side; to: Side; diff: WorkflowDiff };

type EditorState = ReturnType<typeof useEditor.getState>;
/** The draft as the editor held it before a version or a diff took over the canvas. */
type Stash = Pick<EditorState, 'nodes' | 'edges' | 'meta' | 'past' | 'future' | 'dirty' | 'readOnly' | 'problems' | 'problemsByNode'>;

interface VersionState {
  workflowId: string | undefined;
  list: VersionList | undefined;
  error: string | undefined;
  busy: boolean;
  view: VersionView;
  stash: Stash | undefined;

  load(id: string): Promise<void>;
  publish(note: string): Promise<string>;
  activate(version: number): Promise<void>;
  remove(version: number): Promise<void>;
  /** Shows a published version on the canvas, read-only. */
  open(version: number): Promise<void>;
  /** Draws what changed from one side to the other on the canvas. */
  compare(from: Side, to: Side): Promise<void>;
  /** Puts the draft back on the canvas, as it was. */
  backToDraft(): void;
  /** Replaces the draft's graph with a version's (an unsaved change, undoable). */
  copyToDraft(version: number): Promise<void>;
  reset(): void;
}

const documents = new Map<string, Workflow>();

const MARK_STYLE: Record<DiffMark, { stroke: string; strokeWidth: number; strokeDasharray?: string }> = {
  added: { stroke: 'var(--ok)', strokeWidth: 2.5 },
  removed: { stroke: 'var(--error)', strokeWidth: 2.5, strokeDasharray: '6 4' },
  changed: { stroke: 'var(--warn)', strokeWidth: 2.5 },
};

function draftDocument(stash: Stash | undefined): Workflow {
  const editor = useEditor.getState();
  return stash ? toWorkflow(stash.meta, stash.nodes, stash.edges) : editor.document();
}

/** Replaces what the canvas shows with a read-only graph, keeping the draft aside the first time. */
function showOnCanvas(document: Workflow, marks?: { nodes: Map<string, DiffMark>; edges: Map<string, DiffMark> }): Stash {
  const editor = useEditor.getState();
  const { stash } = useVersions.getState();
  let kept = stash;
  if (!kept) {
    kept = {
      nodes: editor.nodes,
      edges: editor.edges,
      meta: editor.meta,
      past: editor.past,
      future: editor.future,
      dirty: editor.dirty,
      readOnly: editor.readOnly,
      problems: editor.problems,
      problemsByNode: editor.problemsByNode,
    };
    // The debounced draft may not have caught the last edit yet: keep it now, in case the tab closes.
    if (editor.dirty && editor.workflowId) drafts.write(editor.workflowId, editor.document(), drafts.read(editor.workflowId)?.base);
  }
  const flow = toFlow(document);
  const nodes = flow.nodes.map((node) => {
    const mark = marks?.nodes.get(node.id);
    return mark ? { ...node, className: `diff-${mark}`, ariaLabel: `${node.ariaLabel}, ${mark}` } : node;
  });
  const edges = flow.edges.map((edge) => {
    const mark = marks?.edges.get(edge.id);
    return mark ? { ...edge, className: `diff-${mark}`, style: MARK_STYLE[mark], ariaLabel: `Edge ${edge.id}, ${mark}` } : edge;
  });
  // No revision bump: nothing shown here is an edit, so no draft is written and nothing is validated.
  useEditor.setState({
    nodes,
    edges,
    meta: { ...kept.meta, name: document.name ?? kept.meta.name },
    past: [],
    future: [],
    dirty: false,
    readOnly: true,
    problems: [],
    problemsByNode: {},
    connecting: null,
  });
  return kept;
}

export const useVersions = create<VersionState>((set, get) => {
  const id = () => {
    const workflowId = get().workflowId;
    if (!workflowId) throw new Error('No workflow is open');
    return workflowId;
  };

  const documentOf = async (side: Side): Promise<Workflow> => {
    if (side === 'draft') return draftDocument(get().stash);
    // A deleted number can be published again with other content: the hash tells the two apart.
    const hash = get().list?.versions.find((v) => v.version === side)?.hash;
    const key = `${id()}@${side}:${hash}`;
    const cached = hash ? documents.get(key) : undefined;
    if (cached) return cached;
    const { document, hash: fetched } = await versionEndpoints.get(id(), side);
    documents.set(`${id()}@${side}:${fetched}`, document);
    return document;
  };

  /** Runs an action that changes versions on the server, then refreshes the list. */
  const change = async <T>(action: () => Promise<T>): Promise<T> => {
    set({ busy: true, error: undefined });
    try {
      const result = await action();
      set({ list: await versionEndpoints.list(id()) });
      return result;
    } catch (error) {
      set({ error: errorMessage(error) });
      throw error;
    } finally {
      set({ busy: false });
    }
  };

  return {
    workflowId: undefined,
    list: undefined,
    error: undefined,
    busy: false,
    view: { kind: 'draft' },
    stash: undefined,

    async load(workflowId) {
      if (get().workflowId !== workflowId) set({ workflowId, list: undefined, view: { kind: 'draft' }, stash: undefined });
      try {
        const list = await versionEndpoints.list(workflowId);
        if (get().workflowId === workflowId) set({ list, error: undefined });
      } catch (error) {
        if (get().workflowId !== workflowId) return;
        // A workflow not saved yet (a template, a restored draft) has no versions.
        if (error instanceof ApiError && error.status === 404)
          set({ list: { activeVersion: null, versions: [], activations: [] }, error: undefined });
        else set({ error: errorMessage(error) });
      }
    },

    publish: (note) => change(async () => (await versionEndpoints.publish(id(), note)).message),

    activate: (version) => change(() => versionEndpoints.activate(id(), version)).then(() => undefined),

    async remove(version) {
      await change(() => versionEndpoints.remove(id(), version));
      const { view } = get();
      const shown = view.kind === 'version' ? [view.version] : view.kind === 'diff' ? [view.from, view.to] : [];
      if (shown.includes(version)) get().backToDraft();
    },

    async open(version) {
      set({ error: undefined });
      try {
        const document = await documentOf(version);
        set({ stash: showOnCanvas(document), view: { kind: 'version', version } });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },

    async compare(from, to) {
      set({ error: undefined });
      try {
        const [before, after] = await Promise.all([documentOf(from), documentOf(to)]);
        const diff = diffWorkflows(before, after);
        const merged = mergeForDisplay(after, diff);
        const stash = showOnCanvas(merged.workflow, { nodes: merged.nodeMarks, edges: merged.edgeMarks });
        set({ stash, view: { kind: 'diff', from, to, diff } });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },

    backToDraft() {
      const { stash } = get();
      if (stash) useEditor.setState({ ...stash, connecting: null });
      set({ stash: undefined, view: { kind: 'draft' } });
    },

    async copyToDraft(version) {
      set({ error: undefined });
      try {
        const document = await documentOf(version);
        get().backToDraft();
        useEditor.getState().replaceDocument(document);
        useEditor.getState().notify(`Version ${version} is now the draft: save to keep it`, 'ok');
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },

    reset() {
      set({ workflowId: undefined, list: undefined, error: undefined, view: { kind: 'draft' }, stash: undefined });
    },
  };
});
