import type { LucideIcon } from 'lucide-react';

interface IconButtonProps {
  icon: LucideIcon;
  /** What a screen reader says: the action and what it acts on (`Delete stripe`). */
  label: string;
  /** The tooltip, when the icon alone does not say it. */
  title?: string;
  onClick: () => void;
}

/** A row's action drawn as an icon alone. */
export function IconButton({ icon: Icon, label, title, onClick }: IconButtonProps) {
  return (
    <button type="button" className="icon-button" aria-label={label} title={title} onClick={onClick}>
      <Icon size={16} aria-hidden="true" />
    </button>
  );
}
