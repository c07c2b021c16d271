import { useEffect, useMemo, useState } from 'react';
import { sessionName } from './session-name.ts';

export interface PresenceSession {
  id: string;
  name: string;
}

export interface PresenceState {
  /** Whoever else has this workflow open, in any browser, on any server. */
  others: PresenceSession[];
  me: PresenceSession;
  /** The revision of the last save heard of, by anyone (this editor's own included). */
  lastSaved: string | undefined;
}

/** Follows `GET /api/workflows/:id/presence`; the browser's EventSource reconnects by itself when the stream drops. */
export function usePresence(workflowId: string, enabled: boolean): PresenceState {
  const me = useMemo(() => ({ id: crypto.randomUUID(), name: sessionName() }), []);
  const [others, setOthers] = useState<PresenceSession[]>([]);
  const [lastSaved, setLastSaved] = useState<string | undefined>();
  useEffect(() => {
    if (!enabled) return;
    const query = new URLSearchParams({ session: me.id, name: me.name });
    const source = new EventSource(`/api/workflows/${encodeURIComponent(workflowId)}/presence?${query}`);
    source.addEventListener('presence', (event) => {
      const { sessions } = JSON.parse((event as MessageEvent<string>).data) as { sessions: PresenceSession[] };
      setOthers(sessions.filter((session) => session.id !== me.id));
    });
    source.addEventListener('saved', (event) => {
      setLastSaved((JSON.parse((event as MessageEvent<string>).data) as { revision: string }).revision);
    });
    return () => source.close();
  }, [workflowId, enabled, me]);
  return { others, me, lastSaved };
}
