import { BookOpen, Database, History, KeyRound, Radio, ShieldCheck, Workflow } from 'lucide-react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { SignOut } from './SignOut.tsx';

const LINKS = [
  { to: '/', label: 'Workflows', icon: Workflow, match: (path: string) => path === '/' || path.startsWith('/workflows') },
  { to: '/runs', label: 'Runs', icon: History },
  { to: '/data', label: 'Data', icon: Database },
  { to: '/live', label: 'Live', icon: Radio },
  { to: '/secrets', label: 'Secrets', icon: KeyRound },
  { to: '/tokens', label: 'Tokens', icon: ShieldCheck },
];

/** The frame every page lives in: navigation on the left, the page on the right. */
export function Shell() {
  const { pathname } = useLocation();
  // The editor needs the width: there the navigation shrinks to its icons.
  const compact = pathname.startsWith('/workflows/');
  return (
    <div className={compact ? 'shell is-compact' : 'shell'}>
      <nav className="sidebar" aria-label="Main">
        <a className="brand" href="/" aria-label="Pattern home">
          <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
            <rect width="32" height="32" rx="8" className="brand-mark" />
            <path d="M9 10h6v6H9zM17 16h6v6h-6z" fill="white" />
          </svg>
          <span className="nav-label">Pattern</span>
        </a>
        <ul>
          {LINKS.map(({ to, label, icon: Icon, match }) => (
            <li key={to}>
              <NavLink
                to={to}
                className={({ isActive }) => ((match ? match(pathname) : isActive) ? 'nav-link is-active' : 'nav-link')}
                end={to === '/'}
                title={label}
              >
                <Icon size={18} aria-hidden="true" />
                <span className="nav-label">{label}</span>
              </NavLink>
            </li>
          ))}
          <li>
            <a className="nav-link" href="/docs" title="Docs">
              <BookOpen size={18} aria-hidden="true" />
              <span className="nav-label">Docs</span>
            </a>
          </li>
        </ul>
        <SignOut />
      </nav>
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}
