import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: LucideIcon;
  title: string;
  /** How to get the first one. */
  children: ReactNode;
  /** The button that makes the first one. */
  action?: ReactNode;
}

/** What a list page shows while its list is empty. */
export function EmptyState({ icon: Icon, title, children, action }: EmptyStateProps) {
  return (
    <div className="empty-state">
      <Icon size={32} aria-hidden="true" />
      <h2>{title}</h2>
      <p className="muted">{children}</p>
      {action}
    </div>
  );
}
