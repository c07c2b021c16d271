import type { RetryPolicy } from '@pattern/core';
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import { create } from 'zustand';
import type { Problem, Workflow } from '../api/types.ts';
import { edgeId, freshNodeId, type GraphEdge, makeNode, type OpNode, toFlow, toWorkflow } from './graph.ts';
import { groupByNode, type LocatedProblem, locateProblems } from './problems.ts';

interface Snapshot {
  nodes: OpNode[];
  edges: GraphEdge[];
}

/** Everything of the document but its graph: name, description, view state and the workflow's own settings. */
type Meta = Omit<Workflow, 'nodes' | 'edges'>;

export interface Connecting {
  nodeId: string;
  handleId: string;
  handleType: 'source' | 'target';
}

export interface Notice {
  message: string;
  tone: 'info' | 'error' | 'ok';
  /** Screen position to show it at (where the user is looking), else the top of the canvas. */
  at?: { x: number; y: number };
  id: number;
}

/** What the op picker (quick insert) was opened for: a free insert, the next step after an output, or a step inside an edge. */
export interface PickerRequest {
  /** Wire this output into the chosen op's first input that accepts it. */
  from?: { nodeId: string; port: string };
  /** The edge to split: from its source, through the chosen op, to its target. */
  between?: string;
  /** Screen point the new node goes near (a dropped connection, a menu); else beside the selection or at the centre. */
  at?: { x: number; y: number };
}

const HISTORY_LIMIT = 200;

interface EditorState {
  workflowId: string | undefined;
  meta: Meta;
  readOnly: boolean;
  nodes: OpNode[];
  edges: GraphEdge[];
  past: Snapshot[];
  future: Snapshot[];
  dirty: boolean;
  /** Bumps on every change of the document (not of selection or size), to drive drafts and validation. */
  revision: number;
  problems: LocatedProblem[];
  problemsByNode: Record<string, LocatedProblem[]>;
  /** What may go wrong in the valid workflow without stopping it; listed beside problems, never drawn as errors. */
  warnings: LocatedProblem[];
  connecting: Connecting | null;
  notice: Notice | null;
  /** The key of the last undo step, so that repeated changes under one key coalesce. */
  stepKey: string | undefined;
  /** Whether an undo step was recorded in this tick already. */
  stepOpen: boolean;
  dragging: boolean;
  noticeSeq: number;
  picker: PickerRequest | null;
  shortcutsOpen: boolean;
  /** The last copied fragment, for paste from a menu (reading the system clipboard needs a permission). */
  copied: string | undefined;

  load(id: string, document: Workflow, options: { readOnly: boolean; dirty: boolean }): void;
  document(): Workflow;
  /** Records an undo step before a change; repeated calls with the same `key` coalesce into one step. */
  checkpoint(key?: string): void;
  undo(): void;
  redo(): void;
  onNodesChange(changes: NodeChange<OpNode>[]): void;
  onEdgesChange(changes: EdgeChange<GraphEdge>[]): void;
  connect(connection: Connection): void;
  addNode(op: string, position: XYPosition): string;
  updateConfig(nodeId: string, key: string, value: unknown): void;
  /** Sets or (with undefined) removes a node's retry policy. */
  updateRetry(nodeId: string, retry: RetryPolicy | undefined): void;
  setMeta(meta: Partial<Meta>): void;
  insertFragment(nodes: OpNode[], edges: GraphEdge[]): void;
  setPositions(positions: ReadonlyMap<string, XYPosition>): void;
  replaceDocument(document: Workflow): void;
  markSaved(): void;
  /** Problems and warnings the server found in `document` (the document they were found in, to locate them). */
  setProblems(problems: Problem[], document: Workflow, warnings?: Problem[]): void;
  setConnecting(connecting: Connecting | null): void;
  notify(message: string, tone?: Notice['tone'], at?: Notice['at']): void;
  selectOnly(nodeId: string): void;
  /** Drags record one undo step when they start, not one per frame. */
  dragStart(): void;
  dragStop(): void;
  openPicker(request?: PickerRequest): void;
  closePicker(): void;
  setShortcutsOpen(open: boolean): void;
  setCopied(text: string): void;
}

export const useEditor = create<EditorState>((set, get) => {
  const changed = (patch: Partial<EditorState>) => set((s) => ({ ...patch, dirty: true, revision: s.revision + 1 }));

  return {
    workflowId: undefined,
    meta: {},
    readOnly: false,
    nodes: [],
    edges: [],
    past: [],
    future: [],
    dirty: false,
    revision: 0,
    problems: [],
    problemsByNode: {},
    warnings: [],
    connecting: null,
    notice: null,
    stepKey: undefined,
    stepOpen: false,
    dragging: false,
    noticeSeq: 0,
    picker: null,
    shortcutsOpen: false,
    copied: undefined,

    load(id, document, { readOnly, dirty }) {
      const { nodes, edges } = toFlow(document);
      const { nodes: _nodes, edges: _edges, ...fields } = document;
      set((s) => ({
        stepKey: undefined,
        workflowId: id,
        meta: { ...fields, id },
        readOnly,
        nodes,
        edges,
        past: [],
        future: [],
        dirty,
        revision: s.revision + 1,
        problems: [],
        problemsByNode: {},
        warnings: [],
        connecting: null,
      }));
    },

    document() {
      const { meta, nodes, edges } = get();
      return toWorkflow(meta, nodes, edges);
    },

    checkpoint(key) {
      const { nodes, edges, past, stepOpen, stepKey } = get();
      // One gesture can report several changes in one tick (a delete removes nodes, then edges).
      if (stepOpen) return;
      if (key !== undefined && key === stepKey) return;
      queueMicrotask(() => set({ stepOpen: false }));
      set({ past: [...past.slice(-(HISTORY_LIMIT - 1)), { nodes, edges }], future: [], stepKey: key, stepOpen: true });
    },

    undo() {
      const { past, future, nodes, edges } = get();
      const previous = past[past.length - 1];
      if (!previous) return;
      changed({ stepKey: undefined, past: past.slice(0, -1), future: [...future, { nodes, edges }], nodes: previous.nodes, edges: previous.edges });
    },

    redo() {
      const { past, future, nodes, edges } = get();
      const next = future[future.length - 1];
      if (!next) return;
      changed({ stepKey: undefined, future: future.slice(0, -1), past: [...past, { nodes, edges }], nodes: next.nodes, edges: next.edges });
    },

    onNodesChange(changes) {
      const content = changes.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace');
      const moved = changes.some((c) => c.type === 'position' && c.position !== undefined);
      if (content) get().checkpoint();
      // Arrow-key nudges move without a drag gesture; a run of them is one undo step.
      else if (moved && !get().dragging) get().checkpoint('nudge');
      const nodes = applyNodeChanges(changes, get().nodes);
      if (content || moved) changed({ nodes });
      else set({ nodes });
    },

    onEdgesChange(changes) {
      const content = changes.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace');
      if (content) get().checkpoint();
      const edges = applyEdgeChanges(changes, get().edges);
      if (content) changed({ edges });
      else set({ edges });
    },

    connect(connection) {
      const { source, target, sourceHandle, targetHandle } = connection;
      if (!sourceHandle || !targetHandle) return;
      get().checkpoint();
      const edge: GraphEdge = { id: edgeId(source, sourceHandle, target, targetHandle), source, sourceHandle, target, targetHandle };
      changed({ edges: [...get().edges, edge] });
    },

    addNode(op, position) {
      const { nodes } = get();
      const taken = new Set(nodes.map((n) => n.id));
      const id = freshNodeId(op, (candidate) => taken.has(candidate));
      get().checkpoint();
      const node: OpNode = { ...makeNode(id, op, position, {}), selected: true };
      changed({ nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
      return id;
    },

    updateConfig(nodeId, key, value) {
      get().checkpoint(`config:${nodeId}:${key}`);
      const nodes = get().nodes.map((node) => {
        if (node.id !== nodeId) return node;
        const config = { ...node.data.config };
        if (value === undefined) delete config[key];
        else config[key] = value;
        return { ...node, data: { ...node.data, config } };
      });
      changed({ nodes });
    },

    updateRetry(nodeId, retry) {
      get().checkpoint(`retry:${nodeId}`);
      const nodes = get().nodes.map((node) => {
        if (node.id !== nodeId) return node;
        const { retry: _old, ...data } = node.data;
        return { ...node, data: retry ? { ...data, retry } : data };
      });
      changed({ nodes });
    },

    setMeta(meta) {
      changed({ meta: { ...get().meta, ...meta } });
    },

    insertFragment(nodes, edges) {
      get().checkpoint();
      changed({
        nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes.map((n) => ({ ...n, selected: true }))],
        edges: [...get().edges, ...edges],
      });
    },

    setPositions(positions) {
      get().checkpoint();
      changed({
        nodes: get().nodes.map((node) => {
          const position = positions.get(node.id);
          return position ? { ...node, position } : node;
        }),
      });
    },

    replaceDocument(document) {
      get().checkpoint();
      const { nodes, edges } = toFlow(document);
      const { meta } = get();
      changed({ nodes, edges, meta: { ...meta, name: document.name ?? meta.name, description: document.description ?? meta.description } });
    },

    markSaved() {
      set({ dirty: false });
    },

    setProblems(problems, document, warnings = []) {
      const located = locateProblems(problems, document);
      set({ problems: located, problemsByNode: groupByNode(located), warnings: locateProblems(warnings, document) });
    },

    setConnecting(connecting) {
      set({ connecting });
    },

    notify(message, tone = 'info', at) {
      const id = get().noticeSeq + 1;
      set({ noticeSeq: id, notice: { message, tone, at, id } });
      setTimeout(() => {
        if (get().notice?.id === id) set({ notice: null });
      }, 4000);
    },

    selectOnly(nodeId) {
      set({
        nodes: get().nodes.map((n) => (n.id === nodeId ? (n.selected ? n : { ...n, selected: true }) : n.selected ? { ...n, selected: false } : n)),
      });
    },

    dragStart() {
      set({ dragging: true });
      get().checkpoint();
    },

    dragStop() {
      set({ dragging: false });
    },

    openPicker(request = {}) {
      if (!get().readOnly) set({ picker: request });
    },

    closePicker() {
      set({ picker: null });
    },

    setShortcutsOpen(open) {
      set({ shortcutsOpen: open });
    },

    setCopied(text) {
      set({ copied: text });
    },
  };
});
