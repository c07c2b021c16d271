import { initials } from './session-name.ts';
import type { PresenceSession } from './use-presence.ts';
import './presence.css';

const HUES = [262, 200, 160, 30, 340, 120, 10, 290];

function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return HUES[Math.abs(hash) % HUES.length] as number;
}

/** Who else is editing: one initial each, the names on hover and for screen readers. */
export function PresenceChip({ others }: { others: PresenceSession[] }) {
  if (others.length === 0) return null;
  const shown = others.slice(0, 3);
  const label = `Also editing: ${others.map((o) => o.name).join(', ')}`;
  return (
    <output className="presence-chip" aria-label={label} title={label}>
      <span className="presence-avatars" aria-hidden="true">
        {shown.map((other) => (
          <span key={other.id} className="presence-avatar" style={{ '--presence-hue': hueOf(other.id) } as React.CSSProperties}>
            {initials(other.name)}
          </span>
        ))}
      </span>
      <span className="presence-text">{others.length === 1 ? (others[0] as PresenceSession).name : `${others.length} others`} editing</span>
    </output>
  );
}
