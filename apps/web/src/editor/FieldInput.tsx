import { type ReactNode, useEffect, useId, useState } from 'react';
import { SecretField, UseSecretButton } from '../secrets/SecretPicker.tsx';
import { isSecretRef } from '../secrets/secret-endpoints.ts';
import { fieldEditors } from './fields/index.ts';
import { checkValue, enumOptions, type FieldSchema, type Widget, widgetOf } from './schema-field.ts';

interface FieldInputProps {
  name: string;
  schema: FieldSchema;
  required: boolean;
  value: unknown;
  description?: string;
  serverProblem?: string;
  disabled?: boolean;
  /** The node's whole config, for editors that read sibling fields. */
  config?: Record<string, unknown>;
  onChange(value: unknown): void;
}

function textOf(value: unknown, widget: string): string {
  if (value === undefined) return '';
  if (widget === 'any' && typeof value === 'string') return value;
  if (widget === 'json' || widget === 'any') return JSON.stringify(value, null, 2);
  return String(value);
}

function parse(raw: string, widget: Widget): { ok: true; value: unknown } | { ok: false; error: string } {
  if (raw.trim() === '') return { ok: true, value: undefined };
  if (widget === 'number' || widget === 'integer') {
    const n = Number(raw);
    return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: 'Not a number' };
  }
  if (widget === 'json') {
    try {
      return { ok: true, value: JSON.parse(raw) };
    } catch (error) {
      return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
    }
  }
  if (widget === 'any') {
    try {
      return { ok: true, value: JSON.parse(raw) };
    } catch {
      return { ok: true, value: raw };
    }
  }
  return { ok: true, value: raw };
}

/** One form field, its widget chosen from the JSON Schema; invalid drafts stay local until they parse. */
export function FieldInput({ name, schema, required, value, description, serverProblem, disabled, config, onChange }: FieldInputProps) {
  const id = useId();
  const widget = widgetOf(schema);
  const [text, setText] = useState(() => textOf(value, widget));
  const [parseError, setParseError] = useState<string | undefined>();

  // Follow outside changes (undo, another node selected) but not our own keystrokes.
  useEffect(() => {
    setText((current) => {
      const parsed = parse(current, widget);
      return parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(value) ? current : textOf(value, widget);
    });
    setParseError(undefined);
  }, [value, widget]);

  const commit = (raw: string) => {
    setText(raw);
    const parsed = parse(raw, widget);
    if (parsed.ok) {
      setParseError(undefined);
      onChange(parsed.value);
    } else setParseError(parsed.error);
  };

  // A field that uses a secret holds `{ "$secret": name }`, which the engine turns into the string when the node runs.
  const secret = isSecretRef(value) && (widget === 'string' || widget === 'any') ? value.$secret : undefined;
  const problem = parseError ?? (secret === undefined ? checkValue(schema, value, required) : undefined) ?? serverProblem;
  const describedBy = `${id}-help`;
  const placeholder =
    schema.default !== undefined ? `default: ${JSON.stringify(schema.default)}` : widget === 'any' ? 'JSON, or plain text' : undefined;
  const common = {
    id,
    name,
    disabled,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy,
  } as const;

  let control: ReactNode;
  const Editor = schema.editor ? fieldEditors[schema.editor] : undefined;
  if (secret !== undefined) {
    control = <SecretField id={id} name={name} secret={secret} disabled={disabled} describedBy={describedBy} onChange={onChange} />;
  } else if (Editor) {
    control = (
      <Editor
        id={id}
        name={name}
        schema={schema}
        value={value}
        disabled={disabled}
        describedBy={describedBy}
        config={config ?? {}}
        onChange={onChange}
      />
    );
  } else if (widget === 'boolean') {
    control = (
      <select
        {...common}
        value={value === undefined ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}
      >
        <option value="">{schema.default !== undefined ? `default (${String(schema.default)})` : '—'}</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  } else if (widget === 'enum') {
    const options = enumOptions(schema);
    control = (
      <select
        {...common}
        value={value === undefined ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : options.find((o) => String(o) === e.target.value))}
      >
        <option value="">{schema.default !== undefined ? `default (${String(schema.default)})` : '—'}</option>
        {options.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else if (widget === 'json' || widget === 'any') {
    control = (
      <textarea
        {...common}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        spellCheck={false}
        placeholder={placeholder}
        value={text}
        onChange={(e) => commit(e.target.value)}
      />
    );
  } else {
    const input = (
      <input
        {...common}
        type={widget === 'string' ? 'text' : 'number'}
        step={widget === 'integer' ? 1 : 'any'}
        placeholder={placeholder}
        value={text}
        onChange={(e) => commit(e.target.value)}
      />
    );
    control =
      widget === 'string' ? (
        <div className="field-control">
          {input}
          <UseSecretButton name={name} disabled={disabled} onChange={onChange} />
        </div>
      ) : (
        input
      );
  }

  return (
    <div className={problem ? 'field has-problem' : 'field'}>
      <label htmlFor={id}>
        <span className="field-name">{name}</span>
        {required ? (
          <>
            <span className="required" aria-hidden="true">
              *
            </span>
            <span className="visually-hidden">required</span>
          </>
        ) : null}
        <span className="field-type">{widget === 'any' ? 'any' : widget}</span>
      </label>
      {control}
      <div id={describedBy} className="field-help">
        {problem ? <span className="field-problem">{problem}</span> : description ? <span className="muted">{description}</span> : null}
      </div>
    </div>
  );
}
