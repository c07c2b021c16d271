import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: string;
  /** What the page holds, in a sentence or two under the title. */
  children: ReactNode;
  /** The page's buttons, at the right. */
  actions?: ReactNode;
}

/** The top of a list page: its title, what it holds, and its buttons. */
export function PageHeader({ title, children, actions }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        <p className="muted">{children}</p>
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}
