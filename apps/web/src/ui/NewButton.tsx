import { Plus } from 'lucide-react';

/** A list page's main action: make a new one of what it lists. */
export function NewButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="button primary" onClick={onClick}>
      <Plus size={14} aria-hidden="true" /> {label}
    </button>
  );
}
