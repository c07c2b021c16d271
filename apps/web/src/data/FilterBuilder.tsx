import { Filter, Info, Plus, X } from 'lucide-react';
import { type FormEvent, useId, useState } from 'react';
import { type FilterRow, OPERATORS, type Operator } from './filter.ts';

interface FilterBuilderProps {
  indexes: readonly string[];
  /** Top-level fields seen on this page that have no index: offered nowhere, but named in the explanation. */
  unindexed: readonly string[];
  applied: readonly FilterRow[];
  onApply(rows: FilterRow[]): void;
}

function FilterRowEditor({
  row,
  indexes,
  onChange,
  onRemove,
}: {
  row: FilterRow;
  indexes: readonly string[];
  onChange(row: FilterRow): void;
  onRemove(): void;
}) {
  const id = useId();
  return (
    <div className="filter-row">
      <label className="visually-hidden" htmlFor={`${id}-field`}>
        Field
      </label>
      <select id={`${id}-field`} className="input" value={row.field} onChange={(e) => onChange({ ...row, field: e.target.value })}>
        {indexes.map((index) => (
          <option key={index} value={index}>
            {index}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor={`${id}-op`}>
        Operator
      </label>
      <select id={`${id}-op`} className="input op-select" value={row.op} onChange={(e) => onChange({ ...row, op: e.target.value as Operator })}>
        {OPERATORS.map((op) => (
          <option key={op.id} value={op.id}>
            {op.label}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor={`${id}-value`}>
        Value
      </label>
      <input
        id={`${id}-value`}
        className="input grow"
        value={row.value}
        placeholder={row.op === 'in' ? 'open, held, 3' : 'open, 42, true, "42"'}
        onChange={(e) => onChange({ ...row, value: e.target.value })}
      />
      <button type="button" className="icon-button" onClick={onRemove} aria-label={`Remove the condition on ${row.field}`}>
        <X size={15} aria-hidden="true" />
      </button>
    </div>
  );
}

/** Conditions on declared indexes only: every filter is answered from an index, so none scans the collection. */
export function FilterBuilder({ indexes, unindexed, applied, onApply }: FilterBuilderProps) {
  const [rows, setRows] = useState<FilterRow[]>(() => [...applied]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(rows.filter((row) => row.value.trim() !== ''));
  };
  const first = indexes[0];
  return (
    <form className="card filter-builder" onSubmit={submit} aria-label="Filter documents">
      <div className="filter-header">
        <Filter size={15} aria-hidden="true" />
        <strong>Filter</strong>
        <span className="muted small">on indexed fields</span>
      </div>
      {rows.map((row, index) => (
        <FilterRowEditor
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place in the list
          key={index}
          row={row}
          indexes={indexes}
          onChange={(next) => setRows((current) => current.map((r, i) => (i === index ? next : r)))}
          onRemove={() => setRows((current) => current.filter((_, i) => i !== index))}
        />
      ))}
      <div className="filter-actions">
        <button
          type="button"
          className="button"
          disabled={!first}
          onClick={() => first && setRows((current) => [...current, { field: first, op: 'eq', value: '' }])}
        >
          <Plus size={15} aria-hidden="true" />
          Add condition
        </button>
        <button type="submit" className="button primary">
          Apply
        </button>
        {applied.length > 0 ? (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setRows([]);
              onApply([]);
            }}
          >
            Clear filters
          </button>
        ) : null}
      </div>
      <p className="filter-why muted small">
        <Info size={13} aria-hidden="true" />
        {indexes.length === 0 ? 'This collection has no indexes yet, so nothing can be filtered. ' : null}
        Only indexed fields can be filtered: the store answers every filter from an index, so a filter stays fast on millions of documents and never
        scans the collection.
        {unindexed.length > 0 ? <> Not indexed here: {unindexed.join(', ')}. Add an index on the Collections tab to filter on one of them.</> : null}
      </p>
    </form>
  );
}
