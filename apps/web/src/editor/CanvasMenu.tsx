import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useCatalog } from '../catalog/catalog-store.ts';
import { copySelection } from './clipboard.ts';
import { useEditor } from './editor-store.ts';
import { useAutoLayout } from './use-auto-layout.ts';
import { usePasteFragment } from './use-paste.ts';

export type MenuTarget = { kind: 'pane' } | { kind: 'node'; id: string } | { kind: 'edge'; id: string };

export interface MenuState {
  target: MenuTarget;
  x: number;
  y: number;
}

interface Item {
  label: string;
  hint?: string;
  run: () => void;
  disabled?: boolean;
}

function removeNode(id: string) {
  const editor = useEditor.getState();
  editor.onNodesChange([{ type: 'remove', id }]);
  editor.onEdgesChange(editor.edges.filter((e) => e.source === id || e.target === id).map((e) => ({ type: 'remove' as const, id: e.id })));
}

function nodeFragment(id: string): string | undefined {
  const { nodes, edges } = useEditor.getState();
  const fragment = copySelection(
    nodes.filter((n) => n.id === id).map((n) => ({ ...n, selected: true })),
    edges,
  );
  return fragment ? JSON.stringify(fragment, null, 2) : undefined;
}

function useItems(menu: MenuState): Item[] {
  const layout = useAutoLayout();
  const paste = usePasteFragment();
  const readOnly = useEditor((s) => s.readOnly);
  const copied = useEditor((s) => s.copied);
  const editor = useEditor.getState();
  const at = { x: menu.x, y: menu.y };
  const { target } = menu;
  if (target.kind === 'pane') {
    return [
      { label: 'Insert an op…', hint: 'Tab', run: () => editor.openPicker({ at }), disabled: readOnly },
      {
        label: 'Paste',
        hint: 'Ctrl/Cmd+V',
        disabled: readOnly || !copied,
        run: () => void paste(copied ?? '', at),
      },
      {
        label: 'Select all',
        hint: 'Ctrl/Cmd+A',
        run: () => editor.onNodesChange(editor.nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: true }))),
      },
      { label: 'Auto-layout', run: () => void layout(), disabled: readOnly },
    ];
  }
  if (target.kind === 'node') {
    const op = editor.nodes.find((n) => n.id === target.id)?.data.op;
    return [
      {
        label: 'Duplicate',
        hint: 'Ctrl/Cmd+D',
        disabled: readOnly,
        run: () => {
          editor.selectOnly(target.id);
          void paste(nodeFragment(target.id) ?? '');
        },
      },
      { label: 'Delete', hint: 'Delete', disabled: readOnly, run: () => removeNode(target.id) },
      {
        label: 'Copy as JSON',
        hint: 'Ctrl/Cmd+C',
        run: () => {
          const text = nodeFragment(target.id);
          if (!text) return;
          editor.setCopied(text);
          void navigator.clipboard?.writeText(text).catch(() => undefined);
          editor.notify(`Copied ${target.id} as JSON`, 'ok');
        },
      },
      {
        label: 'Open docs',
        disabled: !op || !useCatalog.getState().byName.has(op),
        run: () => window.open(`/docs/ops/${op}`, '_blank', 'noopener'),
      },
    ];
  }
  return [
    { label: 'Insert a node in between…', disabled: readOnly, run: () => editor.openPicker({ between: target.id }) },
    { label: 'Delete', hint: 'Delete', disabled: readOnly, run: () => editor.onEdgesChange([{ type: 'remove', id: target.id }]) },
  ];
}

/** The right-click menu of the canvas, a node or an edge; arrow keys move, Enter runs, Escape closes. */
export function CanvasMenu({ menu, onClose }: { menu: MenuState; onClose: () => void }) {
  const items = useItems(menu);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    list.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    const away = (event: PointerEvent) => {
      if (!list.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', away, true);
    return () => window.removeEventListener('pointerdown', away, true);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else if (event.key === 'ArrowDown') buttons[(index + 1) % buttons.length]?.focus();
    else if (event.key === 'ArrowUp') buttons[(index - 1 + buttons.length) % buttons.length]?.focus();
    else if (event.key === 'Home') buttons[0]?.focus();
    else if (event.key === 'End') buttons[buttons.length - 1]?.focus();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  const label = menu.target.kind === 'pane' ? 'Canvas' : menu.target.kind === 'node' ? `Node ${menu.target.id}` : 'Edge';
  // Kept inside the window: a menu opened near the right or bottom edge opens towards the middle.
  const left = Math.min(menu.x, window.innerWidth - 240);
  const top = Math.min(menu.y, window.innerHeight - items.length * 34 - 16);
  return (
    <div ref={list} className="canvas-menu" role="menu" aria-label={`${label} actions`} style={{ left, top }} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          disabled={item.disabled}
          onClick={() => {
            onClose();
            item.run();
          }}
        >
          <span>{item.label}</span>
          {item.hint ? <kbd>{item.hint}</kbd> : null}
        </button>
      ))}
    </div>
  );
}
