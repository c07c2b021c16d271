import type { ComponentType } from 'react';
import { DurableField } from './DurableField.tsx';
import { HistoryField } from './HistoryField.tsx';
import { OnErrorField } from './OnErrorField.tsx';
import { SchemasField } from './SchemasField.tsx';
import type { WorkflowSettingProps } from './setting-props.ts';

/** The workflow settings, in the order the dialog shows them: one small component per workflow-level field. */
export const workflowSettingFields: Array<{ key: string; Component: ComponentType<WorkflowSettingProps> }> = [
  { key: 'history', Component: HistoryField },
  { key: 'onError', Component: OnErrorField },
  { key: 'durable', Component: DurableField },
  { key: 'schemas', Component: SchemasField },
];
