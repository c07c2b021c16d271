import { randomUUID } from 'node:crypto';

/** One browser session with a workflow open: named by its sign-in or a name it made up. */
export interface PresenceSession {
  id: string;
  name: string;
}

/** What servers tell each other of their sessions; `here` is repeated as a heartbeat. */
export interface PresenceMessage {
  kind: 'here' | 'gone';
  workflowId: string;
  session: PresenceSession;
  server: string;
}

/** How presence reaches the other servers on the same database: in the process alone, or by NOTIFY. */
export interface PresenceRelay {
  publish(message: PresenceMessage): void;
  subscribe(onMessage: (message: PresenceMessage) => void): () => void;
  close(): Promise<void>;
}

type Listener = (sessions: PresenceSession[]) => void;

interface Seen {
  session: PresenceSession;
  /** When this server stops believing it without another heartbeat (a server that died says nothing). */
  expires: number;
  local: boolean;
}

/**
 * Who has which workflow open, across servers. Each server announces its own sessions every
 * heartbeat and forgets others' that miss three; a session that closes says so at once.
 */
export class Presence {
  readonly heartbeatMs: number;
  private readonly relay: PresenceRelay;
  private readonly server = randomUUID();
  private readonly seen = new Map<string, Map<string, Seen>>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly unsubscribe: () => void;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(relay: PresenceRelay, options: { heartbeatMs?: number } = {}) {
    this.relay = relay;
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.unsubscribe = relay.subscribe((message) => {
      if (message.server !== this.server) this.apply(message, false);
    });
  }

  /** Opens a session on a workflow; `onChange` hears every change of who is there, this one included. Returns the leave. */
  join(workflowId: string, session: PresenceSession, onChange: Listener): () => void {
    let listeners = this.listeners.get(workflowId);
    if (!listeners) this.listeners.set(workflowId, (listeners = new Set()));
    listeners.add(onChange);
    this.announce({ kind: 'here', workflowId, session, server: this.server });
    onChange(this.sessions(workflowId));
    this.timer ??= setInterval(() => this.beat(), this.heartbeatMs);
    this.timer.unref?.();
    return () => {
      listeners.delete(onChange);
      if (listeners.size === 0) this.listeners.delete(workflowId);
      this.announce({ kind: 'gone', workflowId, session, server: this.server });
    };
  }

  sessions(workflowId: string): PresenceSession[] {
    return [...(this.seen.get(workflowId)?.values() ?? [])].map((s) => s.session).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe();
    await this.relay.close();
  }

  private announce(message: PresenceMessage): void {
    this.apply(message, true);
    this.relay.publish(message);
  }

  private apply(message: PresenceMessage, local: boolean): void {
    let sessions = this.seen.get(message.workflowId);
    const known = sessions?.has(message.session.id) ?? false;
    if (message.kind === 'gone') {
      if (!known) return;
      sessions?.delete(message.session.id);
      if (sessions?.size === 0) this.seen.delete(message.workflowId);
    } else {
      if (!sessions) this.seen.set(message.workflowId, (sessions = new Map()));
      sessions.set(message.session.id, { session: message.session, expires: Date.now() + 3 * this.heartbeatMs, local });
      if (known) return;
    }
    this.notify(message.workflowId);
  }

  private beat(): void {
    const now = Date.now();
    for (const [workflowId, sessions] of this.seen) {
      let changed = false;
      for (const [id, seen] of sessions) {
        if (seen.local) this.announce({ kind: 'here', workflowId, session: seen.session, server: this.server });
        else if (seen.expires < now) {
          sessions.delete(id);
          changed = true;
        }
      }
      if (sessions.size === 0) this.seen.delete(workflowId);
      if (changed) this.notify(workflowId);
    }
    if (this.seen.size === 0 && this.listeners.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private notify(workflowId: string): void {
    const sessions = this.sessions(workflowId);
    for (const listener of this.listeners.get(workflowId) ?? []) listener(sessions);
  }
}
