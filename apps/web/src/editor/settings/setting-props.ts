import type { Workflow } from '../../api/types.ts';

/** The document's fields other than its graph, as the workflow settings edit them. */
export type WorkflowFields = Omit<Workflow, 'nodes' | 'edges'>;

/** What each field of the workflow settings is given: the fields as they are, and a way to change some. */
export interface WorkflowSettingProps {
  fields: WorkflowFields;
  readOnly: boolean;
  /** Sets these fields on the document (undefined removes one); saved with it. */
  change(patch: Partial<WorkflowFields>): void;
}
