import { LogOut } from 'lucide-react';
import { useEffect } from 'react';
import { useAuth } from '../api/auth.ts';
import { checkGuarded } from '../api/health.ts';
import './sign-out.css';

/** Shown only when an admin token guards the server: ends the session (the server's `POST /logout`). */
export function SignOut() {
  const guarded = useAuth((s) => s.guarded);
  useEffect(() => void checkGuarded(), []);
  if (!guarded) return null;
  return (
    <form method="post" action="/logout" className="sign-out">
      <button type="submit" className="nav-link" title="Sign out">
        <LogOut size={18} aria-hidden="true" />
        <span className="nav-label">Sign out</span>
      </button>
    </form>
  );
}
