import { useEffect, useMemo, useRef, useState } from 'react';
import { useCatalog } from '../catalog/catalog-store.ts';
import { CategoryIcon } from '../catalog/category-icon.tsx';
import { searchOps } from '../catalog/fuzzy.ts';
import { Markdown } from '../ui/Markdown.tsx';
import { type PickerRequest, useEditor } from './editor-store.ts';
import { opsFitting, portTypeLabel } from './next-step.ts';
import { stepEnds, useInsertStep } from './use-insert-step.ts';

const SHOWN = 8;

function Context({ request }: { request: PickerRequest }) {
  const ends = useMemo(() => stepEnds(request), [request]);
  if (!ends.from && !ends.to) return null;
  return (
    <p className="quick-context">
      {ends.from ? (
        <>
          After <code>{`${ends.from.nodeId}.${ends.from.port.name}`}</code> <span className="quick-type">{portTypeLabel(ends.from.port)}</span>
        </>
      ) : null}
      {ends.to ? (
        <>
          {' '}
          into <code>{`${ends.to.nodeId}.${ends.to.port.name}`}</code>
        </>
      ) : null}
    </p>
  );
}

/**
 * Tab, type, Enter: inserts an op without leaving the keyboard. Opened from an output's "+" or a
 * dropped connection, it lists only the ops that take that output, and wires the chosen one.
 */
export function QuickInsert({ request }: { request: PickerRequest }) {
  const ops = useCatalog((s) => s.ops);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const insert = useInsertStep();
  const input = useRef<HTMLInputElement>(null);
  const fitting = useMemo(() => {
    const ends = stepEnds(request);
    return ends.from || ends.to ? opsFitting(ops, ends.from?.port, ends.to?.port) : ops;
  }, [ops, request]);
  const found = useMemo(() => searchOps(fitting, query).slice(0, SHOWN), [fitting, query]);
  const current = found[active];
  const close = () => useEditor.getState().closePicker();

  useEffect(() => input.current?.focus(), []);

  const choose = (index: number) => {
    const op = found[index];
    if (op) insert(op, request);
    close();
  };

  return (
    <div className="quick-insert" role="dialog" aria-label="Insert an op">
      <input
        ref={input}
        className="quick-insert-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="quick-insert-list"
        aria-activedescendant={current ? `quick-${current.name}` : undefined}
        aria-label="Op to insert"
        placeholder={fitting === ops ? 'Insert an op…' : `Insert one of ${fitting.length} ops that fit…`}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onBlur={close}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
          else if (e.key === 'Enter') choose(active);
          else if (e.key === 'ArrowDown' || (e.key === 'Tab' && !e.shiftKey)) setActive((i) => Math.min(i + 1, found.length - 1));
          else if (e.key === 'ArrowUp' || (e.key === 'Tab' && e.shiftKey)) setActive((i) => Math.max(i - 1, 0));
          else return;
          e.preventDefault();
        }}
      />
      <Context request={request} />
      <div id="quick-insert-list" role="listbox" aria-label="Ops" className="quick-insert-list">
        {found.map((op, index) => (
          <div
            key={op.name}
            id={`quick-${op.name}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            className={index === active ? 'is-active' : undefined}
            data-op={op.name}
            onMouseEnter={() => setActive(index)}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(index);
            }}
          >
            <CategoryIcon category={op.category} size={14} />
            <span className="quick-title">{op.title}</span>
            <span className="quick-name">{op.name}</span>
          </div>
        ))}
      </div>
      {found.length === 0 ? (
        <p className="quick-empty">
          No op {fitting === ops ? 'matches' : 'that fits matches'} “{query}”.
        </p>
      ) : null}
      {current?.description ? (
        <div className="quick-description">
          <Markdown source={current.description} />
        </div>
      ) : null}
    </div>
  );
}
