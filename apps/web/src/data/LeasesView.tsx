import type { ColumnDef } from '@tanstack/react-table';
import { Lock, Unlock } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { type Lease, storeApi } from '../api/store.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { runOwner } from './run-owner.ts';

/** Leases come and go with runs, some within seconds: the list is read again every second. */
const REFRESH_MS = 1000;
const TICK_MS = 250;

function timeLeft(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  if (ms <= 0) return 'expired';
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.floor(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The leases held now, with their time left counting down; refreshed live. */
export function LeasesView() {
  const [leases, setLeases] = useState<Lease[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const [releasing, setReleasing] = useState<Lease | undefined>();
  const [refresh, setRefresh] = useState(0);
  const held = (leases?.length ?? 0) > 0;

  useEffect(() => {
    // `refresh` reads the list again at once after a release.
    void refresh;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const list = await storeApi.leases();
        if (stopped) return;
        setLeases(list);
        setNow(Date.now());
        setError(undefined);
        timer = setTimeout(poll, REFRESH_MS);
      } catch (e) {
        if (stopped) return;
        setError(errorMessage(e));
        timer = setTimeout(poll, REFRESH_MS);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh]);

  useEffect(() => {
    if (!held) return;
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [held]);

  const release = async (lease: Lease) => {
    setReleasing(undefined);
    try {
      await storeApi.releaseLease(lease.key);
    } catch (e) {
      setError(errorMessage(e));
    }
    setRefresh((n) => n + 1);
  };

  const columns = useMemo<ColumnDef<Lease, unknown>[]>(
    () => [
      { id: 'key', header: 'Key', cell: ({ row }) => <code>{row.original.key}</code> },
      {
        id: 'owner',
        header: 'Owner',
        cell: ({ row }) =>
          runOwner(row.original.owner) ? (
            <Link to={`/runs/${row.original.owner}`} aria-label={`Run ${row.original.owner}`}>
              run <code>{row.original.owner}</code>
            </Link>
          ) : (
            <code>{row.original.owner}</code>
          ),
      },
      { id: 'token', header: 'Fencing token', cell: ({ row }) => <span className="numeric">{row.original.token}</span> },
      {
        id: 'left',
        header: 'Time left',
        cell: ({ row }) => (
          <span className="numeric countdown" data-testid="lease-time-left">
            {timeLeft(row.original.expiresAt, now)}
          </span>
        ),
      },
      {
        id: 'actions',
        header: () => <span className="visually-hidden">Actions</span>,
        cell: ({ row }) => (
          <button type="button" className="button small-button" onClick={() => setReleasing(row.original)}>
            <Unlock size={14} aria-hidden="true" />
            Force release
          </button>
        ),
      },
    ],
    [now],
  );

  return (
    <>
      <p className="muted small live-note">
        <span className="status-dot status-running" aria-hidden="true" /> Live: refreshed every second.
      </p>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {leases?.length === 0 ? (
        <div className="empty-state" data-testid="no-leases">
          <Lock size={28} aria-hidden="true" />
          <h2>No leases held</h2>
          <p className="muted">A run that takes a lease with store.lease.acquire shows it here until it ends or the lease expires.</p>
        </div>
      ) : null}
      {leases && leases.length > 0 ? <DataTable label="Leases" rows={leases} columns={columns} rowId={(l) => l.key} /> : null}
      {releasing ? (
        <ConfirmDialog
          title="Force release this lease?"
          confirmLabel="Release"
          danger
          onConfirm={() => void release(releasing)}
          onCancel={() => setReleasing(undefined)}
        >
          <p>
            <code>{releasing.owner}</code> still holds <code>{releasing.key}</code>. Another owner can take it at once; writes fenced with token{' '}
            {releasing.token} are refused after a new owner takes it.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
