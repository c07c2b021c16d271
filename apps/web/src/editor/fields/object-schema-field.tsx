import { Braces, ListChecks, Plus, X } from 'lucide-react';
import { useState } from 'react';
import './ports-field.css';
import './object-schema-field.css';

/** The part of the field editors' props (`FieldEditorProps` in index.ts) this editor reads. */
interface ObjectSchemaFieldProps {
  id: string;
  value: unknown;
  disabled?: boolean;
  describedBy: string;
  onChange(value: unknown): void;
}

export interface Row {
  name: string;
  type: string;
  required: boolean;
}

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;

/** The rows of a schema the form can show without losing anything: an object of typed properties, some required; else undefined. */
export function rowsOf(value: unknown): Row[] | undefined {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const schema = value as Record<string, unknown>;
  if (Object.keys(schema).some((key) => !['type', 'properties', 'required'].includes(key)) || schema.type !== 'object') return undefined;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const rows: Row[] = [];
  for (const [name, property] of Object.entries(properties)) {
    if (property === null || typeof property !== 'object') return undefined;
    const { type, ...rest } = property as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || !TYPES.includes(type as (typeof TYPES)[number])) return undefined;
    rows.push({ name, type: type as string, required: required.has(name) });
  }
  return rows;
}

export function schemaOf(rows: Row[]): Record<string, unknown> | undefined {
  if (rows.length === 0) return undefined;
  const required = rows.filter((r) => r.required).map((r) => r.name);
  return {
    type: 'object',
    properties: Object.fromEntries(rows.map((r) => [r.name, { type: r.type }])),
    ...(required.length > 0 ? { required } : {}),
  };
}

const freshName = (rows: Row[]) => {
  const taken = new Set(rows.map((r) => r.name));
  for (let n = 1; ; n++) if (!taken.has(`field${n}`)) return `field${n}`;
};

/**
 * A JSON Schema of an object (a route's body, query or headers): a small form of named, typed
 * fields for the common case, and the JSON itself for anything richer, which the form never
 * rewrites.
 */
export function ObjectSchemaField({ id, value, disabled, describedBy, onChange }: ObjectSchemaFieldProps) {
  const rows = rowsOf(value);
  const [asJson, setAsJson] = useState(rows === undefined);
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [invalid, setInvalid] = useState(false);
  const emit = (next: Row[]) => onChange(schemaOf(next));
  const update = (index: number, patch: Partial<Row>) => rows && emit(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));

  const toggle = (
    <button
      type="button"
      className="button object-schema-toggle"
      disabled={asJson && rows === undefined}
      title={asJson && rows === undefined ? 'This schema holds more than the form shows' : undefined}
      onClick={() => {
        setText(value === undefined ? '' : JSON.stringify(value, null, 2));
        setInvalid(false);
        setAsJson(!asJson);
      }}
    >
      {asJson ? <ListChecks size={14} aria-hidden="true" /> : <Braces size={14} aria-hidden="true" />}
      {asJson ? 'Edit as fields' : 'Edit as JSON'}
    </button>
  );

  if (asJson || rows === undefined) {
    return (
      <div className="object-schema-field">
        <textarea
          id={id}
          className="object-schema-json"
          aria-describedby={describedBy}
          aria-invalid={invalid ? true : undefined}
          value={text}
          disabled={disabled}
          spellCheck={false}
          rows={Math.min(14, Math.max(4, text.split('\n').length))}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim() === '') {
              setInvalid(false);
              onChange(undefined);
              return;
            }
            try {
              const parsed = JSON.parse(e.target.value) as unknown;
              const object = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
              setInvalid(!object);
              if (object) onChange(parsed);
            } catch {
              setInvalid(true);
            }
          }}
        />
        {toggle}
      </div>
    );
  }

  return (
    <fieldset className="ports-field object-schema-field" id={id} aria-describedby={describedBy}>
      {rows.length === 0 ? <p className="ports-empty muted">Anything goes: no fields declared.</p> : null}
      <ul className="ports-list">
        {rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the list; a name is what the row edits
          <li key={index} className="ports-row object-schema-row">
            <input
              className="ports-name"
              aria-label={`field ${index + 1} name`}
              value={row.name}
              disabled={disabled}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => update(index, { name: e.target.value })}
            />
            <select
              className="ports-type"
              aria-label={`field ${index + 1} type`}
              value={row.type}
              disabled={disabled}
              onChange={(e) => update(index, { type: e.target.value })}
            >
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <label className="object-schema-required" title="A request without it is refused">
              <input type="checkbox" checked={row.required} disabled={disabled} onChange={(e) => update(index, { required: e.target.checked })} />
              required
            </label>
            <button
              type="button"
              className="icon-button ports-remove"
              aria-label={`Remove field ${row.name || index + 1}`}
              disabled={disabled}
              onClick={() => emit(rows.filter((_, i) => i !== index))}
            >
              <X size={14} aria-hidden="true" />
            </button>
          </li>
        ))}
      </ul>
      <div className="object-schema-actions">
        <button
          type="button"
          className="button ports-add"
          disabled={disabled}
          onClick={() => emit([...rows, { name: freshName(rows), type: 'string', required: false }])}
        >
          <Plus size={14} aria-hidden="true" /> Add field
        </button>
        {toggle}
      </div>
    </fieldset>
  );
}
