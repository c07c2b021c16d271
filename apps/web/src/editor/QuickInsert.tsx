import { useEffect, useMemo, useRef, useState } from 'react';
import { useCatalog } from '../catalog/catalog-store.ts';
import { CategoryIcon } from '../catalog/category-icon.tsx';
import { searchOps } from '../catalog/fuzzy.ts';
import { useInsertOp } from './use-insert-op.ts';

const SHOWN = 8;

/** Tab, type, Enter: inserts an op at the centre of the canvas without leaving the keyboard. */
export function QuickInsert({ onClose }: { onClose: () => void }) {
  const ops = useCatalog((s) => s.ops);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const insert = useInsertOp();
  const input = useRef<HTMLInputElement>(null);
  const found = useMemo(() => searchOps(ops, query).slice(0, SHOWN), [ops, query]);

  useEffect(() => input.current?.focus(), []);

  const choose = (name: string | undefined) => {
    if (name) insert(name);
    onClose();
  };

  return (
    <div className="quick-insert" role="dialog" aria-label="Insert an op">
      <input
        ref={input}
        className="quick-insert-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="quick-insert-list"
        aria-activedescendant={found[active] ? `quick-${found[active].name}` : undefined}
        aria-label="Op to insert"
        placeholder="Insert an op…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onBlur={onClose}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
          else if (e.key === 'Enter') choose(found[active]?.name);
          else if (e.key === 'ArrowDown' || (e.key === 'Tab' && !e.shiftKey)) setActive((i) => Math.min(i + 1, found.length - 1));
          else if (e.key === 'ArrowUp' || (e.key === 'Tab' && e.shiftKey)) setActive((i) => Math.max(i - 1, 0));
          else return;
          e.preventDefault();
        }}
      />
      <div id="quick-insert-list" role="listbox" className="quick-insert-list">
        {found.map((op, index) => (
          <div
            key={op.name}
            id={`quick-${op.name}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            className={index === active ? 'is-active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(op.name);
            }}
          >
            <CategoryIcon category={op.category} size={14} />
            <span className="quick-title">{op.title}</span>
            <span className="quick-name">{op.name}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
