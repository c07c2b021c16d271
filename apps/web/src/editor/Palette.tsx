import { BookOpen, Search } from 'lucide-react';
import { type CSSProperties, type DragEvent, useMemo, useState } from 'react';
import type { CatalogOp } from '../api/types.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { CategoryIcon, categoryHue } from '../catalog/category-icon.tsx';
import { groupByCategory, searchOps } from '../catalog/fuzzy.ts';
import { useInsertOp } from './use-insert-op.ts';

export const OP_DRAG_TYPE = 'application/x-pattern-op';

function PaletteItem({ op, onInsert }: { op: CatalogOp; onInsert: (name: string) => void }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(OP_DRAG_TYPE, op.name);
    event.dataTransfer.setData('text/plain', op.name);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li className="palette-item" style={{ '--hue': categoryHue(op.category) } as CSSProperties}>
      <button
        type="button"
        className="palette-op"
        draggable
        onDragStart={onDragStart}
        onClick={() => onInsert(op.name)}
        title={`${op.description}\n\nDrag onto the canvas, or click to insert at the centre.`}
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
        aria-label={`Documentation of ${op.name}`}
      >
        <BookOpen size={14} aria-hidden="true" />
      </a>
    </li>
  );
}

export function Palette() {
  const ops = useCatalog((s) => s.ops);
  const status = useCatalog((s) => s.status);
  const error = useCatalog((s) => s.error);
  const [query, setQuery] = useState('');
  const insert = useInsertOp();
  const found = useMemo(() => searchOps(ops, query), [ops, query]);
  const groups = useMemo(() => (query.trim() === '' ? groupByCategory(found) : [['results', found] as [string, CatalogOp[]]]), [found, query]);

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
        />
      </div>
      {status === 'error' ? <p className="panel-error">{error}</p> : null}
      <div className="palette-groups">
        {groups.map(([category, list]) => (
          <section key={category} className="palette-group">
            <h2 className="palette-heading">{category === 'results' ? `${list.length} result${list.length === 1 ? '' : 's'}` : category}</h2>
            <ul>
              {list.map((op) => (
                <PaletteItem key={op.name} op={op} onInsert={insert} />
              ))}
            </ul>
          </section>
        ))}
        {found.length === 0 && status === 'ready' ? <p className="muted palette-empty">No op matches “{query}”.</p> : null}
      </div>
    </aside>
  );
}
