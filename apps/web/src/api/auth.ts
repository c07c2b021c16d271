import { create } from 'zustand';

interface AuthState {
  /** Whether an admin token guards the API: unknown until checked or until a request was refused. */
  guarded: boolean | undefined;
}

export const useAuth = create<AuthState>(() => ({ guarded: undefined }));

let leaving = false;

/** The server's login page, coming back here after signing in. */
export function loginUrl(): string {
  const { pathname, search, hash } = window.location;
  return `/login?next=${encodeURIComponent(pathname + search + hash)}`;
}

/** A request was answered 401: the session ended or never was; the login page brings the user back. */
export function signInAgain(): void {
  useAuth.setState({ guarded: true });
  if (leaving) return;
  leaving = true;
  window.location.assign(loginUrl());
}
