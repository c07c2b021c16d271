import { Settings2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useEditor } from '../editor-store.ts';
import { workflowSettingFields } from './setting-fields.ts';
import type { WorkflowFields } from './setting-props.ts';
import './settings.css';

/** The toolbar button that opens the workflow's own settings, and the dialog it opens. */
export function WorkflowSettingsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="icon-button" onClick={() => setOpen(true)} aria-label="Workflow settings" title="Workflow settings">
        <Settings2 size={16} aria-hidden="true" />
      </button>
      {open ? <WorkflowSettingsDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function WorkflowSettingsDialog({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const fields = useEditor((s) => s.meta);
  const readOnly = useEditor((s) => s.readOnly);
  const change = (patch: Partial<WorkflowFields>) => useEditor.getState().setMeta(patch);

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  return (
    <dialog ref={dialog} className="dialog settings-dialog" aria-labelledby="workflow-settings-title" onCancel={onClose} onClose={onClose}>
      <h2 id="workflow-settings-title">Workflow settings</h2>
      <p className="settings-intro">They apply once the workflow is saved.</p>
      {workflowSettingFields.map(({ key, Component }) => (
        <Component key={key} fields={fields} readOnly={readOnly} change={change} />
      ))}
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onClose}>
          Done
        </button>
      </div>
    </dialog>
  );
}
