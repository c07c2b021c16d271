import type { ComponentType } from 'react';
import type { FieldSchema } from '../schema-field.ts';
import { CronField } from './cron-field.tsx';
import { JavaScriptField } from './javascript-field.tsx';
import { ObjectSchemaField } from './object-schema-field.tsx';
import { PortsField } from './ports-field.tsx';
import { WorkflowField } from './workflow-field.tsx';

/** What a custom field editor gets: the same contract as the inspector's generic field. */
export interface FieldEditorProps {
  id: string;
  name: string;
  schema: FieldSchema;
  value: unknown;
  disabled?: boolean;
  describedBy: string;
  /** The node being edited: a field may read its siblings (a zone next to a cron expression). */
  config: Record<string, unknown>;
  onChange(value: unknown): void;
}

/**
 * Field editors chosen by an op's schema: `z.string().meta({ editor: 'javascript' })` puts
 * `editor` in the JSON Schema, and the inspector draws the component registered under that name.
 */
export const fieldEditors: Record<string, ComponentType<FieldEditorProps>> = {
  cron: CronField,
  javascript: JavaScriptField,
  objectSchema: ObjectSchemaField,
  ports: PortsField,
  workflow: WorkflowField,
};
