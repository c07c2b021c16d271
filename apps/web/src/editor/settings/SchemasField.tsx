import { useId, useState } from 'react';
import type { WorkflowFields, WorkflowSettingProps } from './setting-props.ts';
import './schemas-field.css';

type SchemaKey = 'inputSchema' | 'outputSchema';

const PARTS: Array<{ key: SchemaKey; title: string; help: string; example: string }> = [
  {
    key: 'inputSchema',
    title: 'Input',
    help: 'What a caller (workflow.call, flow.map, …) must hand this workflow; a run started with anything else is refused before it starts.',
    example: '{ "type": "object", "required": ["orderId"], "properties": { "orderId": { "type": "string" } } }',
  },
  {
    key: 'outputSchema',
    title: 'Output',
    help: 'What this workflow outputs; the editor types the calling node’s output port with it.',
    example: '{ "type": "number" }',
  },
];

/** Its text as the field shows it: the schema indented, or what the person is typing. */
function textOf(schema: unknown): string {
  return schema === undefined ? '' : JSON.stringify(schema, null, 2);
}

/** The schema a text stands for, or why it stands for none. Empty text removes the schema. */
function parse(text: string): { ok: true; schema: Record<string, unknown> | undefined } | { ok: false; reason: string } {
  if (text.trim() === '') return { ok: true, schema: undefined };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, reason: 'A JSON Schema is an object: { "type": … }' };
    return { ok: true, schema: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, reason: `Not valid JSON: ${(error as Error).message}` };
  }
}

function SchemaPart({ part, fields, readOnly, change }: { part: (typeof PARTS)[number] } & WorkflowSettingProps) {
  const id = useId();
  const [text, setText] = useState(() => textOf(fields[part.key]));
  const parsed = parse(text);
  const edit = (next: string) => {
    setText(next);
    const result = parse(next);
    if (result.ok) change({ [part.key]: result.schema } as Partial<WorkflowFields>);
  };
  return (
    <div className={parsed.ok ? 'field schema-part' : 'field schema-part has-problem'}>
      <label htmlFor={id} className="schema-part-title">
        {part.title} <code>{part.key}</code>
      </label>
      <p id={`${id}-help`} className="setting-help">
        {part.help}
      </p>
      <textarea
        id={id}
        rows={4}
        value={text}
        disabled={readOnly}
        spellCheck={false}
        placeholder={part.example}
        aria-invalid={parsed.ok ? undefined : true}
        aria-describedby={`${id}-help ${id}-problem`}
        onChange={(e) => edit(e.target.value)}
      />
      <p id={`${id}-problem`} className="field-problem" aria-live="polite">
        {parsed.ok ? '' : parsed.reason}
      </p>
    </div>
  );
}

/** The workflow's `inputSchema` and `outputSchema` (JSON Schema), for the workflows and nodes that run it. */
export function SchemasField(props: WorkflowSettingProps) {
  return (
    <fieldset className="setting-field" disabled={props.readOnly}>
      <legend className="setting-legend">Input and output</legend>
      <p className="setting-help">JSON Schema; leave empty to take and give anything. Saving checks that Pattern can use them.</p>
      {PARTS.map((part) => (
        <SchemaPart key={part.key} part={part} {...props} />
      ))}
    </fieldset>
  );
}
