import { BookOpen, Search } from 'lucide-react';
import { type CSSProperties, type DragEvent, type KeyboardEvent, useMemo, useRef, useState } from 'react';
import type { CatalogOp } from '../api/types.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { CategoryIcon, categoryHue } from '../catalog/category-icon.tsx';
import { groupByCategory, searchOps } from '../catalog/fuzzy.ts';
import { Markdown } from '../ui/Markdown.tsx';
import { markdownText } from '../ui/markdown.ts';
import { useInsertOp } from './use-insert-op.ts';

export const OP_DRAG_TYPE = 'application/x-pattern-op';

interface ItemProps {
  op: CatalogOp;
  current: boolean;
  onInsert: (name: string) => void;
  onFocusOp: (name: string) => void;
}

function PaletteItem({ op, current, onInsert, onFocusOp }: ItemProps) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(OP_DRAG_TYPE, op.name);
    event.dataTransfer.setData('text/plain', op.name);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li className={current ? 'palette-item is-current' : 'palette-item'} style={{ '--hue': categoryHue(op.category) } as CSSProperties}>
      <button
        type="button"
        className="palette-op"
        draggable
        tabIndex={current ? 0 : -1}
        onDragStart={onDragStart}
        onClick={() => onInsert(op.name)}
        onFocus={() => onFocusOp(op.name)}
        onMouseEnter={() => onFocusOp(op.name)}
        title={`${markdownText(op.description)}\n\nDrag onto the canvas, or click to insert.`}
        data-op={op.name}
      >
        <span className="palette-icon">
          <CategoryIcon category={op.category} size={14} />
        </span>
        <span className="palette-text">
          <span className="palette-title">{op.title}</span>
          <span className="palette-name">{op.name}</span>
        </span>
      </button>
      <a
        className="palette-doc icon-button"
        href={`/docs/ops/${op.name}`}
        target="_blank"
        rel="noreferrer"
        tabIndex={-1}
        aria-label={`Documentation of ${op.name}`}
      >
        <BookOpen size={14} aria-hidden="true" />
      </a>
    </li>
  );
}

/** The op the palette describes below its list: the one hovered or focused, else the first. */
function PaletteDetail({ op }: { op: CatalogOp | undefined }) {
  if (!op) return null;
  return (
    <div className="palette-detail" aria-live="polite">
      <p className="palette-detail-title">
        {op.title} <code>{op.name}</code>
      </p>
      <Markdown source={op.description} className="palette-detail-text" />
      <a className="palette-detail-docs" href={`/docs/ops/${op.name}`} target="_blank" rel="noreferrer">
        <BookOpen size={12} aria-hidden="true" /> Docs of {op.name}
      </a>
    </div>
  );
}

export function Palette() {
  const ops = useCatalog((s) => s.ops);
  const status = useCatalog((s) => s.status);
  const error = useCatalog((s) => s.error);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState<string | undefined>(undefined);
  const list = useRef<HTMLDivElement>(null);
  const insert = useInsertOp();
  const found = useMemo(() => searchOps(ops, query), [ops, query]);
  const groups = useMemo(() => (query.trim() === '' ? groupByCategory(found) : [['results', found] as [string, CatalogOp[]]]), [found, query]);
  const order = useMemo(() => groups.flatMap(([, l]) => l.map((op) => op.name)), [groups]);
  // One tab stop for the whole list: the current op, else the first shown.
  const stop = current && order.includes(current) ? current : order[0];
  const described = ops.find((op) => op.name === stop);

  // Arrow keys move between ops inside the list (a roving tabindex), so Tab leaves it in one step.
  const onKeyDown = (event: KeyboardEvent) => {
    const index = stop ? order.indexOf(stop) : -1;
    const next =
      event.key === 'ArrowDown'
        ? Math.min(index + 1, order.length - 1)
        : event.key === 'ArrowUp'
          ? Math.max(index - 1, 0)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? order.length - 1
              : undefined;
    if (next === undefined || order.length === 0) return;
    event.preventDefault();
    const name = order[next];
    setCurrent(name);
    list.current?.querySelector<HTMLButtonElement>(`.palette-op[data-op="${name}"]`)?.focus();
  };

  return (
    <aside className="palette" aria-label="Ops">
      <div className="palette-search">
        <Search size={14} aria-hidden="true" />
        <input
          className="palette-search-input"
          type="search"
          placeholder="Search ops"
          aria-label="Search ops"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && stop) {
              e.preventDefault();
              list.current?.querySelector<HTMLButtonElement>(`.palette-op[data-op="${stop}"]`)?.focus();
            }
          }}
        />
      </div>
      {status === 'error' ? <p className="panel-error">{error}</p> : null}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the keys move focus between the buttons inside; each button is the interactive element */}
      <div className="palette-groups" ref={list} onKeyDown={onKeyDown}>
        {groups.map(([category, list]) => (
          <section key={category} className="palette-group">
            <h2 className="palette-heading">{category === 'results' ? `${list.length} result${list.length === 1 ? '' : 's'}` : category}</h2>
            <ul>
              {list.map((op) => (
                <PaletteItem key={op.name} op={op} current={op.name === stop} onInsert={insert} onFocusOp={setCurrent} />
              ))}
            </ul>
          </section>
        ))}
        {found.length === 0 && status === 'ready' ? <p className="muted palette-empty">No op matches “{query}”.</p> : null}
      </div>
      <PaletteDetail op={described} />
    </aside>
  );
}
