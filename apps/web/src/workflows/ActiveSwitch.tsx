import './workflow-state.css';

interface ActiveSwitchProps {
  /** Names the workflow for screen readers: "Ticker active". */
  label: string;
  active: boolean;
  busy?: boolean;
  disabled?: boolean;
  onChange(active: boolean): void;
}

/** On: the workflow serves its route, fires its schedule and takes events. Off: paused, its document kept. */
export function ActiveSwitch({ label, active, busy, disabled, onChange }: ActiveSwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={active}
      aria-label={`${label} active`}
      aria-busy={busy || undefined}
      className={active ? 'active-switch is-on' : 'active-switch'}
      disabled={disabled || busy}
      title={active ? 'Active: click to pause' : 'Paused: click to resume'}
      onClick={() => onChange(!active)}
    >
      <span className="active-switch-track" aria-hidden="true">
        <span className="active-switch-thumb" />
      </span>
      <span className="active-switch-text">{active ? 'Active' : 'Paused'}</span>
    </button>
  );
}
