import { useId, useState } from 'react';
import { FormDialog } from '../ui/FormDialog.tsx';
import { FormField } from '../ui/FormField.tsx';
import { ID_PATTERN, slugify } from './workflow-id.ts';

interface Props {
  taken: ReadonlySet<string>;
  /** A name to start from (a template's). */
  initialName?: string | undefined;
  onCreate(id: string, name: string): Promise<void>;
  onCancel(): void;
}

export function CreateWorkflowDialog({ taken, initialName, onCreate, onCancel }: Props) {
  const nameId = useId();
  const idId = useId();
  const [name, setName] = useState(initialName ?? '');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const effectiveId = idTouched ? id : slugify(name);
  const idProblem =
    effectiveId === ''
      ? undefined
      : !ID_PATTERN.test(effectiveId)
        ? 'Use letters, digits and . _ : - (not first)'
        : taken.has(effectiveId)
          ? 'A workflow with this id exists'
          : undefined;

  return (
    <FormDialog
      title="New workflow"
      submitLabel="Create"
      ready={Boolean(name.trim()) && !idProblem && Boolean(effectiveId)}
      onSubmit={() => onCreate(effectiveId, name.trim())}
      onCancel={onCancel}
    >
      <FormField id={nameId} label="Name">
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder="Place an order" required />
      </FormField>
      <FormField id={idId} label="Id" hint="used in URLs and runs" problem={idProblem}>
        <input
          id={idId}
          value={effectiveId}
          onChange={(e) => {
            setIdTouched(true);
            setId(e.target.value);
          }}
          aria-invalid={idProblem ? true : undefined}
        />
      </FormField>
    </FormDialog>
  );
}
