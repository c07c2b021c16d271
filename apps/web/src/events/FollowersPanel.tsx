import { Pause, Play, ShieldAlert, Workflow, Zap } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { eventEndpoints, type Follower, followerId } from '../api/events.ts';
import { formatWhen } from '../ui/format.ts';
import { TableHead } from '../ui/TableHead.tsx';

/** Often enough to see a trigger run, park or catch up without reloading. */
const REFRESH_MS = 2000;

const STATES: Record<Follower['state'], { label: string; tone: string }> = {
  starting: { label: 'Starting', tone: '' },
  running: { label: 'Running', tone: 'status-ok' },
  failing: { label: 'Failing', tone: 'status-error' },
  standby: { label: 'Standby', tone: 'status-running' },
  paused: { label: 'Paused', tone: 'status-paused' },
  parked: { label: 'Parked', tone: 'status-error' },
  stopped: { label: 'Stopped', tone: '' },
};

/**
 * The event-triggered workflows and projections following the log, each with its state and why
 * it stopped (paused, or parked by Pattern), and a button to pause or resume it. Says so when
 * the server started in safe mode.
 */
export function FollowersPanel() {
  const [followers, setFollowers] = useState<Follower[] | undefined>();
  const [safeMode, setSafeMode] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  const load = useCallback(async () => {
    try {
      const answer = await eventEndpoints.followers();
      setFollowers(answer.projections);
      setSafeMode(answer.safeMode);
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const toggle = async (follower: Follower) => {
    setBusy(follower.name);
    try {
      await (follower.pause ? eventEndpoints.resume(follower) : eventEndpoints.pause(follower));
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };

  if (!followers?.length && !safeMode && !error) return null;
  return (
    <section aria-labelledby="followers-heading" className="events-section">
      {safeMode ? (
        <div className="banner" role="status">
          <ShieldAlert size={16} aria-hidden="true" />
          <span>
            <strong>Safe mode is on.</strong> Projections and event-triggered workflows are paused until you resume them, one at a time.
          </span>
        </div>
      ) : null}
      <h2 id="followers-heading" className="followers-heading">
        Triggers and projections
      </h2>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {followers?.length ? (
        <table className="table followers" aria-labelledby="followers-heading">
          <TableHead columns={['Name', 'State', 'Position', 'Why']} actions />
          <tbody>
            {followers.map((follower) => (
              <FollowerRow key={follower.name} follower={follower} busy={busy === follower.name} onToggle={() => void toggle(follower)} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function FollowerRow({ follower, busy, onToggle }: { follower: Follower; busy: boolean; onToggle: () => void }) {
  const id = followerId(follower);
  const state = STATES[follower.state];
  const why = follower.pause?.reason ?? follower.error?.message;
  return (
    <tr data-follower={follower.name}>
      <td>
        {follower.kind === 'workflow' ? (
          <Link to={`/workflows/${encodeURIComponent(id)}`} className="row-link follower-name">
            <Workflow size={14} aria-hidden="true" />
            {id}
          </Link>
        ) : (
          <span className="follower-name">
            <Zap size={14} aria-hidden="true" />
            {id}
          </span>
        )}
        <div className="muted small">{follower.kind === 'workflow' ? 'event-triggered workflow' : 'projection'}</div>
      </td>
      <td>
        <span className={`status-badge ${state.tone}`} data-state={follower.state}>
          {state.label}
        </span>
      </td>
      <td className="muted">
        {follower.position} of {follower.head}
      </td>
      <td className="follower-why">
        {why ? <span>{why}</span> : <span className="muted">—</span>}
        {follower.pause ? (
          <div className="muted small" title={new Date(follower.pause.since).toLocaleString()}>
            since {formatWhen(follower.pause.since)}
          </div>
        ) : null}
      </td>
      <td className="follower-action">
        <button type="button" className="button" onClick={onToggle} disabled={busy} aria-label={`${follower.pause ? 'Resume' : 'Pause'} ${id}`}>
          {follower.pause ? <Play size={14} aria-hidden="true" /> : <Pause size={14} aria-hidden="true" />}
          {follower.pause ? 'Resume' : 'Pause'}
        </button>
      </td>
    </tr>
  );
}
