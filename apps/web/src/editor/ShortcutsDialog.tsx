import { useEffect, useRef } from 'react';
import { useEditor } from './editor-store.ts';

const SHORTCUTS: Array<[string, string]> = [
  ['Tab', 'Insert an op (quick insert)'],
  ['"+" on an output', 'Insert the next step, wired to that output'],
  ['Drop a connection on the canvas', 'Insert an op that takes it'],
  ['Right-click', 'Actions of the canvas, a node or an edge'],
  ['Ctrl/Cmd+S', 'Save'],
  ['Ctrl/Cmd+Z', 'Undo'],
  ['Shift+Ctrl/Cmd+Z, Ctrl/Cmd+Y', 'Redo'],
  ['Ctrl/Cmd+C, X, V', 'Copy, cut, paste the selection'],
  ['Ctrl/Cmd+D', 'Duplicate the selection'],
  ['Ctrl/Cmd+A', 'Select every node'],
  ['Delete, Backspace', 'Delete the selection'],
  ['Arrow keys', 'Move the selected nodes'],
  ['Shift+drag', 'Select an area'],
  ['Shift+click', 'Add to the selection'],
  ['?', 'This list'],
];

/** Every shortcut of the editor, opened with `?`. */
export function ShortcutsDialog() {
  const open = useEditor((s) => s.shortcutsOpen);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
  }, [open]);
  if (!open) return null;
  const close = () => useEditor.getState().setShortcutsOpen(false);
  return (
    <dialog ref={dialog} className="dialog shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={close} onCancel={close}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                {keys.split(', ').map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={close}>
          Close
        </button>
      </div>
    </dialog>
  );
}
