import { Plus, X } from 'lucide-react';
import './ports-field.css';

/** The part of the field editors' props (`FieldEditorProps` in index.ts) this editor reads. */
interface PortsFieldProps {
  id: string;
  name: string;
  value: unknown;
  disabled?: boolean;
  describedBy: string;
  onChange(value: unknown): void;
}

interface DeclaredPort {
  name: string;
  schema?: Record<string, unknown>;
  description?: string;
}

const TYPES = ['any', 'string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;
const PORT_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function portsOf(value: unknown): DeclaredPort[] {
  if (!Array.isArray(value)) return [];
  return value.filter((p): p is DeclaredPort => p !== null && typeof p === 'object' && typeof (p as DeclaredPort).name === 'string');
}

/** The type picked for a port: its schema's `type`, or `any` for none; a richer schema shows as `custom`. */
function typeOf(port: DeclaredPort): string {
  const schema = port.schema ?? {};
  const keys = Object.keys(schema);
  if (keys.length === 0) return 'any';
  if (typeof schema.type === 'string' && TYPES.includes(schema.type as (typeof TYPES)[number])) return schema.type;
  return 'custom';
}

function freshName(ports: DeclaredPort[], base: string): string {
  const taken = new Set(ports.map((p) => p.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/**
 * The ports a node declares in its config (`{ name, schema }` each): a name and a JSON type per
 * row. A schema richer than one type is kept as it is and shown as `custom`.
 */
export function PortsField({ id, name, value, disabled, describedBy, onChange }: PortsFieldProps) {
  const ports = portsOf(value);
  const side = name === 'outputs' ? 'output' : 'input';
  const emit = (next: DeclaredPort[]) => onChange(next);
  const update = (index: number, patch: Partial<DeclaredPort>) => emit(ports.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  const counts = new Map<string, number>();
  for (const p of ports) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);

  return (
    <fieldset className="ports-field" id={id} aria-describedby={describedBy}>
      {ports.length === 0 ? <p className="ports-empty muted">No {side}s yet.</p> : null}
      <ul className="ports-list">
        {ports.map((port, index) => {
          const type = typeOf(port);
          const invalid = !PORT_NAME.test(port.name) || (counts.get(port.name) ?? 0) > 1;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the list; a name is what the row edits
            <li key={index} className="ports-row">
              <input
                className="ports-name"
                aria-label={`${side} ${index + 1} name`}
                value={port.name}
                disabled={disabled}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={invalid ? true : undefined}
                title={invalid ? 'A port name is an identifier (letters, digits, _), used once' : undefined}
                onChange={(e) => update(index, { name: e.target.value })}
              />
              <select
                className="ports-type"
                aria-label={`${side} ${index + 1} type`}
                value={type}
                disabled={disabled}
                onChange={(e) => {
                  const next = e.target.value;
                  if (next === 'custom') return;
                  const { schema: _old, ...rest } = port;
                  emit(ports.map((p, i) => (i === index ? (next === 'any' ? rest : { ...rest, schema: { type: next } }) : p)));
                }}
              >
                {TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
                {type === 'custom' ? <option value="custom">custom</option> : null}
              </select>
              <button
                type="button"
                className="icon-button ports-remove"
                aria-label={`Remove ${side} ${port.name || index + 1}`}
                disabled={disabled}
                onClick={() => emit(ports.filter((_, i) => i !== index))}
              >
                <X size={14} aria-hidden="true" />
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button ports-add"
        disabled={disabled}
        onClick={() => emit([...ports, { name: freshName(ports, side === 'output' ? 'result' : 'value') }])}
      >
        <Plus size={14} aria-hidden="true" /> Add {side}
      </button>
    </fieldset>
  );
}
