/**
 * The event store's tables in PostgreSQL, in the schema the connection's search_path names.
 * Every statement is idempotent: `migrate` runs them under an advisory lock at each start.
 */
export const POSTGRES_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
    position BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    aggregate_type TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    type TEXT NOT NULL,
    payload JSONB NOT NULL,
    metadata JSONB NOT NULL,
    schema_version INTEGER NOT NULL,
    created TIMESTAMPTZ NOT NULL,
    correlation_id TEXT,
    UNIQUE (aggregate_type, aggregate_id, version)
  )`,
  'CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position)',
  'CREATE INDEX IF NOT EXISTS events_by_aggregate_type ON events (aggregate_type, position)',
  'CREATE INDEX IF NOT EXISTS events_by_correlation ON events (correlation_id, position) WHERE correlation_id IS NOT NULL',
  // Byte order ("C"), so that a prefix is a key range whatever the database's locale.
  `CREATE TABLE IF NOT EXISTS event_streams (
    stream_key TEXT COLLATE "C" PRIMARY KEY,
    aggregate_type TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    last_event_at TIMESTAMPTZ NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS event_tags (
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (name, value, position)
  )`,
  `CREATE TABLE IF NOT EXISTS event_snapshots (
    aggregate_type TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    aggregate_version INTEGER NOT NULL,
    state JSONB NOT NULL,
    created TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id)
  )`,
  `CREATE TABLE IF NOT EXISTS event_checkpoints (
    name TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    version INTEGER NOT NULL,
    updated TIMESTAMPTZ NOT NULL
  )`,
  // Checkpoints made before consumers could be paused.
  'ALTER TABLE event_checkpoints ADD COLUMN IF NOT EXISTS pause JSONB',
  `CREATE TABLE IF NOT EXISTS event_parked (
    id TEXT PRIMARY KEY,
    consumer TEXT NOT NULL,
    event_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    error JSONB NOT NULL,
    parked_at TIMESTAMPTZ NOT NULL
  )`,
  // Which events each append made under an idempotency key wrote, so that it is made once.
  `CREATE TABLE IF NOT EXISTS event_results (
    key TEXT PRIMARY KEY,
    aggregate_type TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    first_version INTEGER NOT NULL,
    last_version INTEGER NOT NULL,
    created TIMESTAMPTZ NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS event_results_age ON event_results (created)',
  // The append function as it was before appends had idempotency keys.
  `DROP FUNCTION IF EXISTS pattern_events_append(TEXT[], TEXT[], TEXT[], INTEGER[], TEXT[], TEXT[], JSONB[], JSONB[], INTEGER[], TEXT[],
    TIMESTAMPTZ[], INTEGER[], TEXT[], TEXT[])`,
  /*
   * One call appends a group of appends (those a server had waiting while the previous call ran),
   * so the append lock is held for the time the function runs and commits, never across a network
   * round trip, and one commit serves the group. The transaction-level advisory lock serializes
   * calls: each allocates its positions only after the previous one committed, so positions are
   * gapless and in commit order, and a reader that has seen position N has seen every event
   * before it. The lock key includes the schema, so event stores in other schemas of the database
   * do not wait on each other. Each append of the group is checked against its expected version
   * on its own, seeing the appends before it in the group: one that does not hold writes nothing
   * and the others go on. Followers in every server hear of the appends at commit (NOTIFY).
   * An append with an idempotency key (`p_keys`) already in `event_results` writes nothing and
   * is answered as kept; one that writes records its versions there, in the same transaction.
   * Returns, for each append in order, the stream's version before it, the first position
   * written (null when its expected version did not hold, or it was kept) and whether it was kept.
   */
  `CREATE OR REPLACE FUNCTION pattern_events_append(
    p_aggregate_types TEXT[], p_aggregate_ids TEXT[], p_expected TEXT[], p_counts INTEGER[],
    p_ids TEXT[], p_types TEXT[], p_payloads JSONB[], p_metadata JSONB[], p_schema_versions INTEGER[], p_correlation_ids TEXT[],
    p_created TIMESTAMPTZ[], p_tag_events INTEGER[], p_tag_names TEXT[], p_tag_values TEXT[], p_keys TEXT[]
  ) RETURNS TABLE (o_actual INTEGER, o_first BIGINT, o_kept BOOLEAN) LANGUAGE plpgsql AS $$
  DECLARE
    v_head BIGINT;
    v_start BIGINT;
    v_actual INTEGER;
    v_count INTEGER;
    v_offset INTEGER := 0;
    v_key TEXT;
    v_expected TEXT;
    v_actuals INTEGER[] := '{}';
    v_firsts BIGINT[] := '{}';
    v_kept BOOLEAN;
    v_kepts BOOLEAN[] := '{}';
    v_positions BIGINT[] := '{}';
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(current_schema() || ':pattern.events.append', 0));
    SELECT COALESCE(MAX(e.position), 0) INTO v_head FROM events e;
    v_start := v_head;
    FOR a IN 1 .. cardinality(p_counts) LOOP
      v_count := p_counts[a];
      v_key := p_aggregate_types[a] || '/' || p_aggregate_ids[a];
      v_expected := p_expected[a];
      SELECT s.version INTO v_actual FROM event_streams s WHERE s.stream_key = v_key;
      v_actual := COALESCE(v_actual, 0);
      v_actuals := array_append(v_actuals, v_actual);
      v_kept := p_keys[a] IS NOT NULL AND EXISTS (SELECT 1 FROM event_results r WHERE r.key = p_keys[a]);
      v_kepts := array_append(v_kepts, v_kept);
      IF v_kept THEN
        v_firsts := array_append(v_firsts, NULL::BIGINT);
        v_positions := v_positions || array_fill(NULL::BIGINT, ARRAY[v_count]);
      ELSIF v_expected = 'any' OR (v_expected = 'no_stream' AND v_actual = 0) OR (v_expected = 'exists' AND v_actual > 0)
         OR v_expected = v_actual::TEXT THEN
        INSERT INTO events (position, id, aggregate_type, aggregate_id, version, type, payload, metadata, schema_version, created, correlation_id)
        SELECT v_head + u.n, u.id, p_aggregate_types[a], p_aggregate_ids[a], v_actual + u.n, u.type, u.payload, u.metadata, u.schema_version,
               u.created, u.correlation_id
        FROM unnest(p_ids[v_offset + 1 : v_offset + v_count], p_types[v_offset + 1 : v_offset + v_count],
                    p_payloads[v_offset + 1 : v_offset + v_count], p_metadata[v_offset + 1 : v_offset + v_count],
                    p_schema_versions[v_offset + 1 : v_offset + v_count], p_created[v_offset + 1 : v_offset + v_count],
                    p_correlation_ids[v_offset + 1 : v_offset + v_count])
             WITH ORDINALITY AS u (id, type, payload, metadata, schema_version, created, correlation_id, n);
        INSERT INTO event_streams (stream_key, aggregate_type, aggregate_id, version, last_event_at)
        VALUES (v_key, p_aggregate_types[a], p_aggregate_ids[a], v_actual + v_count, p_created[v_offset + v_count])
        ON CONFLICT (stream_key) DO UPDATE SET version = excluded.version, last_event_at = excluded.last_event_at;
        IF p_keys[a] IS NOT NULL THEN
          INSERT INTO event_results (key, aggregate_type, aggregate_id, first_version, last_version, created)
          VALUES (p_keys[a], p_aggregate_types[a], p_aggregate_ids[a], v_actual + 1, v_actual + v_count, p_created[v_offset + v_count]);
        END IF;
        v_firsts := array_append(v_firsts, v_head + 1);
        v_positions := v_positions || ARRAY(SELECT generate_series(v_head + 1, v_head + v_count));
        v_head := v_head + v_count;
      ELSE
        v_firsts := array_append(v_firsts, NULL::BIGINT);
        v_positions := v_positions || array_fill(NULL::BIGINT, ARRAY[v_count]);
      END IF;
      v_offset := v_offset + v_count;
    END LOOP;
    INSERT INTO event_tags (name, value, position)
    SELECT t.name, t.value, v_positions[t.event] FROM unnest(p_tag_names, p_tag_values, p_tag_events) AS t (name, value, event)
    WHERE v_positions[t.event] IS NOT NULL;
    IF v_head > v_start THEN
      PERFORM pg_notify('pattern_events', current_schema() || ' ' || v_head);
    END IF;
    RETURN QUERY SELECT * FROM unnest(v_actuals, v_firsts, v_kepts);
  END
  $$`,
];
