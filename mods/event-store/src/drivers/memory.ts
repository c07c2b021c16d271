import type { StoredEvent, StreamInfo } from '../schemas.ts';
import { checkExpectedVersion, resolveDuplicates } from './append-rules.ts';
import type { AppendResult, Checkpoint, EventDriver, KeptAppend, ParkedEvent, Snapshot } from './driver.ts';
import { localClaims } from './local-claims.ts';

interface MemoryStream {
  info: StreamInfo;
  /** Positions of the stream's events, by version - 1. */
  positions: number[];
}

const keyOf = (type: string, id: string) => `${type}/${id}`;

/** Events in memory: for tests and `storage: "memory"`. Same contract as SQLite, nothing survives the process. */
export function createMemoryDriver(): EventDriver {
  /** By position - 1: positions are dense, so the log doubles as the position index. */
  const log: StoredEvent[] = [];
  const byId = new Map<string, StoredEvent>();
  const streams = new Map<string, MemoryStream>();
  const tags = new Map<string, number[]>();
  const snapshots = new Map<string, Snapshot>();
  const checkpoints = new Map<string, Checkpoint>();
  const parked = new Map<string, ParkedEvent>();
  /** The appends made under an idempotency key, and when. */
  const kept = new Map<string, KeptAppend & { at: number }>();
  const copy = <T>(value: T): T => structuredClone(value);
  const saveCheckpoint = async ({ name, position, version, updated }: Checkpoint) => {
    const pause = checkpoints.get(name)?.pause;
    checkpoints.set(name, { name, position, version, updated, ...(pause ? { pause } : {}) });
  };
  const claim = localClaims(saveCheckpoint);

  const page = (events: Iterable<StoredEvent>, limit: number) => {
    const out: StoredEvent[] = [];
    for (const event of events) {
      if (out.length >= limit) break;
      out.push(copy(event));
    }
    return out;
  };

  const keptResult = ({ aggregateType, aggregateId, from, to }: KeptAppend): AppendResult => {
    const positions = streams.get(keyOf(aggregateType, aggregateId))?.positions.slice(from - 1, to) ?? [];
    return { events: positions.map((p) => copy(log[p - 1] as StoredEvent)), version: to, deduplicated: true };
  };

  function* walk(after: number, backward: boolean): Generator<StoredEvent> {
    if (backward) for (let p = (after > 0 ? after : log.length + 1) - 1; p >= 1; p--) yield log[p - 1] as StoredEvent;
    else for (let p = after + 1; p <= log.length; p++) yield log[p - 1] as StoredEvent;
  }

  return {
    name: 'memory',
    async append(stream, events, expected, idempotencyKey) {
      const answered = idempotencyKey === undefined ? undefined : kept.get(idempotencyKey);
      if (answered) return keptResult(answered);
      const key = keyOf(stream.aggregateType, stream.aggregateId);
      const duplicates = resolveDuplicates(
        stream,
        events,
        events.map((e) => (e.suppliedId ? byId.get(e.id) : undefined)),
      );
      const current = streams.get(key);
      if (duplicates) return { events: duplicates.map(copy), version: current?.info.version ?? 0, deduplicated: true };
      const actual = current?.info.version ?? 0;
      checkExpectedVersion(stream, expected, actual);
      const entry = current ?? { info: { type: stream.aggregateType, id: stream.aggregateId, version: 0, lastEventAt: '' }, positions: [] };
      const stored = events.map((e, i): StoredEvent => {
        const event: StoredEvent = {
          id: e.id,
          aggregateType: stream.aggregateType,
          aggregateId: stream.aggregateId,
          version: actual + i + 1,
          position: log.length + 1,
          type: e.type,
          payload: copy(e.payload),
          metadata: copy(e.metadata),
          schemaVersion: e.schemaVersion,
          created: e.created,
        };
        log.push(event);
        byId.set(event.id, event);
        entry.positions.push(event.position);
        for (const [name, value] of e.tags) {
          const list = tags.get(`${name}\u0000${value}`);
          if (list) list.push(event.position);
          else tags.set(`${name}\u0000${value}`, [event.position]);
        }
        return event;
      });
      const last = stored[stored.length - 1];
      if (last) entry.info = { ...entry.info, version: last.version, lastEventAt: last.created };
      streams.set(key, entry);
      if (idempotencyKey !== undefined)
        kept.set(idempotencyKey, { ...stream, from: actual + 1, to: entry.info.version, at: Date.parse(events[0]?.created ?? '') });
      return { events: stored.map(copy), version: entry.info.version, deduplicated: false };
    },
    async keptAppend(idempotencyKey) {
      const answered = kept.get(idempotencyKey);
      return answered ? keptResult(answered) : undefined;
    },
    async pruneResults(before) {
      let pruned = 0;
      for (const [idempotencyKey, { at }] of kept) {
        if (at >= before) continue;
        kept.delete(idempotencyKey);
        pruned++;
      }
      return pruned;
    },
    async streamVersion(stream) {
      return streams.get(keyOf(stream.aggregateType, stream.aggregateId))?.info.version ?? 0;
    },
    async readStream(query) {
      const entry = streams.get(keyOf(query.aggregateType, query.aggregateId));
      if (!entry) return [];
      const from = Math.max(query.fromVersion ?? 1, 1);
      const to = Math.min(query.toVersion ?? entry.positions.length, entry.positions.length);
      const versions: number[] = [];
      if (query.direction === 'forward') for (let v = from; v <= to && versions.length < query.limit; v++) versions.push(v);
      else for (let v = to; v >= from && versions.length < query.limit; v--) versions.push(v);
      return versions.map((v) => copy(log[(entry.positions[v - 1] as number) - 1] as StoredEvent));
    },
    async readAll(query) {
      const types = query.types?.length ? new Set(query.types) : undefined;
      function* matching() {
        for (const e of walk(query.after, query.direction === 'backward')) {
          if (types && !types.has(e.type)) continue;
          if (query.aggregateType !== undefined && e.aggregateType !== query.aggregateType) continue;
          if (query.correlationId !== undefined && e.metadata.correlationId !== query.correlationId) continue;
          yield e;
        }
      }
      return page(matching(), query.limit);
    },
    async queryTags(query) {
      const [first, ...rest] = query.tag;
      if (!first) return [];
      const positions = tags.get(`${first[0]}\u0000${first[1]}`) ?? [];
      const others = rest.map(([name, value]) => new Set(tags.get(`${name}\u0000${value}`) ?? []));
      const types = query.types?.length ? new Set(query.types) : undefined;
      const backward = query.direction === 'backward';
      function* matching() {
        const n = positions.length;
        for (let i = 0; i < n; i++) {
          const position = positions[backward ? n - 1 - i : i] as number;
          if (backward ? query.after > 0 && position >= query.after : position <= query.after) continue;
          const event = log[position - 1] as StoredEvent;
          if (types && !types.has(event.type)) continue;
          if (others.some((set) => !set.has(position))) continue;
          yield event;
        }
      }
      return page(matching(), query.limit);
    },
    async getEvent(id) {
      const event = byId.get(id);
      return event ? copy(event) : undefined;
    },
    async head() {
      return log.length;
    },
    async streams(query) {
      const prefix = query.prefix ?? '';
      const keys = [...streams.keys()].filter((k) => k.startsWith(prefix) && (query.cursor === undefined || k > query.cursor)).sort();
      const slice = keys.slice(0, query.limit);
      return {
        streams: slice.map((k) => ({ ...(streams.get(k) as MemoryStream).info })),
        next: keys.length > query.limit ? (slice[slice.length - 1] ?? null) : null,
      };
    },
    async getSnapshot(stream) {
      const snapshot = snapshots.get(keyOf(stream.aggregateType, stream.aggregateId));
      return snapshot ? copy(snapshot) : undefined;
    },
    async saveSnapshot(snapshot) {
      const key = keyOf(snapshot.aggregateType, snapshot.aggregateId);
      const current = snapshots.get(key);
      if (current && current.version >= snapshot.version && current.aggregateVersion === snapshot.aggregateVersion) return;
      snapshots.set(key, copy(snapshot));
    },
    async staleSnapshots(aggregateType, aggregateVersion) {
      return [...snapshots.values()]
        .filter((s) => s.aggregateType === aggregateType && s.aggregateVersion !== aggregateVersion)
        .map((s) => s.aggregateId);
    },
    async deleteSnapshots(aggregateType, aggregateId) {
      let deleted = 0;
      for (const [key, s] of snapshots) {
        if (s.aggregateType === aggregateType && (aggregateId === undefined || s.aggregateId === aggregateId)) {
          snapshots.delete(key);
          deleted++;
        }
      }
      return deleted;
    },
    async getCheckpoint(name) {
      const checkpoint = checkpoints.get(name);
      return checkpoint ? copy(checkpoint) : undefined;
    },
    setCheckpoint: saveCheckpoint,
    async setPause(name, pause) {
      const checkpoint = checkpoints.get(name);
      if (!checkpoint) return false;
      const { pause: _previous, ...rest } = checkpoint;
      checkpoints.set(name, pause ? { ...rest, pause: { ...pause } } : rest);
      return true;
    },
    async deleteCheckpoint(name) {
      return checkpoints.delete(name);
    },
    claim,
    async park(entry) {
      parked.set(entry.id, copy(entry));
    },
    async listParked(consumer) {
      return [...parked.values()]
        .filter((p) => consumer === undefined || p.consumer === consumer)
        .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1))
        .map(copy);
    },
    async getParked(id) {
      const entry = parked.get(id);
      return entry ? copy(entry) : undefined;
    },
    async removeParked(id) {
      return parked.delete(id);
    },
    async close() {},
  };
}
