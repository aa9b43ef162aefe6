import 'server-only';
import type { Db } from './types';

// The schema as ordered SQL steps, the same on PGlite and Postgres: append; never edit an applied one.
export const MIGRATIONS: { id: string; sql: string }[] = [
  {
    id: '001_initial',
    sql: `
CREATE TABLE conversations (
  id text PRIMARY KEY,
  kind text NOT NULL,
  procedure_id text,
  procedure_name text,
  user_json jsonb NOT NULL,
  status text NOT NULL,
  -- created_at_ms of the newest status applied, so late or reordered events never roll it back
  status_at timestamptz,
  intercom_conversation_id text,
  stream_state text NOT NULL DEFAULT 'none',
  -- the current upstream sse_subscription_url: a short-lived credential, never sent to browsers
  sse_url text,
  warnings jsonb,
  last_seq integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_created_idx ON conversations (created_at DESC);
CREATE INDEX conversations_intercom_idx ON conversations (intercom_conversation_id);

CREATE TABLE events (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  key text NOT NULL,
  source text NOT NULL,
  payload jsonb NOT NULL,
  created_at_ms timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq),
  UNIQUE (conversation_id, key)
);

CREATE TABLE hitl_steps (
  step_id text PRIMARY KEY,
  conversation_id text NOT NULL,
  external_conversation_id text,
  procedure_name text NOT NULL,
  hitl_question text NOT NULL,
  attributes jsonb NOT NULL,
  callback_url text NOT NULL,
  expires_at bigint,
  priority text,
  assign_to jsonb,
  conversation_url text,
  recent_messages jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'pending',
  claimed_by text,
  claim_expires_at timestamptz,
  submitting_by text,
  answered_by text,
  answered_at timestamptz,
  attribute_values jsonb,
  outcome text,
  received_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hitl_steps_status_idx ON hitl_steps (status, received_at DESC);
CREATE INDEX hitl_steps_conversation_idx ON hitl_steps (conversation_id);

CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  kind text NOT NULL,
  topic text,
  signature_ok boolean NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  detail jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);

CREATE TABLE api_calls (
  id text PRIMARY KEY,
  conversation_id text,
  method text NOT NULL,
  url text NOT NULL,
  request_body jsonb,
  status integer,
  response_body jsonb,
  duration_ms integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_calls_conversation_idx ON api_calls (conversation_id, created_at DESC);

CREATE TABLE stream_leases (
  conversation_id text PRIMARY KEY,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE procedures (
  id text PRIMARY KEY,
  name text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: '002_auth',
    sql: `
CREATE TABLE users (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- stored lower-cased
  email text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('viewer', 'agent', 'lead')),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz
);

-- id is the sha256 of the cookie's secret: a copy of the store can't be used to sign in
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  user_id text REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  prefix text NOT NULL,
  secret_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

ALTER TABLE audit_log ADD COLUMN actor_id text;
`,
  },
  {
    id: '003_connection',
    sql: `
-- the OAuth token that replaces INTERCOM_ACCESS_TOKEN while present: AES-256-GCM, base64 parts
CREATE TABLE connection_token (
  id integer PRIMARY KEY CHECK (id = 1),
  ciphertext text NOT NULL,
  iv text NOT NULL,
  tag text NOT NULL,
  connected_at timestamptz NOT NULL DEFAULT now(),
  connected_by text NOT NULL,
  connected_by_id text,
  app_json jsonb
);

-- id is the sha256 of the state sent to Intercom; single use, bound to who started the flow
CREATE TABLE oauth_states (
  id text PRIMARY KEY,
  principal text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
`,
  },
  {
    // Per event: lock the conversation row (in id order, so batches cannot deadlock), insert unless its key is stored.
    id: '004_perf',
    sql: `
CREATE FUNCTION console_append_events(batch jsonb, ranks jsonb)
RETURNS TABLE (i int, seq int, received_at timestamptz, changed boolean, conversation jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  item record;
  cur record;
  applies boolean;
BEGIN
  FOR item IN
    SELECT (e.ord - 1)::int AS idx, e.v->>'c' AS cid, e.v->>'k' AS k, e.v->>'s' AS src, e.v->'p' AS payload,
      (e.v->>'a')::timestamptz AS at, e.v->>'st' AS st, (e.v->>'r')::int AS rnk, e.v->>'u' AS uid
    FROM jsonb_array_elements(batch) WITH ORDINALITY AS e(v, ord)
    ORDER BY e.v->>'c', e.ord
  LOOP
    SELECT c.last_seq, c.status, c.status_at INTO cur FROM conversations c WHERE c.id = item.cid FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO conversations (id, kind, user_json, status, status_at)
      VALUES (item.cid, 'external', jsonb_build_object('id', item.uid), COALESCE(item.st, 'thinking'),
        CASE WHEN item.st IS NOT NULL THEN item.at END)
      ON CONFLICT (id) DO NOTHING;
      SELECT c.last_seq, c.status, c.status_at INTO cur FROM conversations c WHERE c.id = item.cid FOR UPDATE;
    END IF;
    INSERT INTO events (conversation_id, seq, key, source, payload, created_at_ms)
    VALUES (item.cid, cur.last_seq + 1, item.k, item.src, item.payload, item.at)
    ON CONFLICT (conversation_id, key) DO NOTHING
    RETURNING events.received_at INTO received_at;
    CONTINUE WHEN NOT FOUND;
    applies := COALESCE(item.st IS NOT NULL AND (cur.status_at IS NULL OR item.at IS NULL
      OR item.at > cur.status_at OR (item.at = cur.status_at AND item.rnk >= (ranks->>cur.status)::int)), false);
    changed := applies AND item.st IS DISTINCT FROM cur.status;
    UPDATE conversations c SET last_seq = cur.last_seq + 1,
      status = CASE WHEN changed THEN item.st ELSE c.status END,
      status_at = CASE WHEN applies THEN item.at ELSE c.status_at END,
      updated_at = CASE WHEN changed THEN now() ELSE c.updated_at END
    WHERE c.id = item.cid
    RETURNING to_jsonb(c.*) INTO conversation;
    i := item.idx;
    seq := cur.last_seq + 1;
    RETURN NEXT;
  END LOOP;
END
$$;
`,
  },
  {
    // A Fin answer's conversation and notes in one statement; the row may already exist from a webhook.
    id: '005_record',
    sql: `
ALTER TABLE api_calls ADD COLUMN n bigserial;
CREATE INDEX api_calls_conversation_n_idx ON api_calls (conversation_id, n DESC);
CREATE INDEX api_calls_n_idx ON api_calls (n DESC);

-- The appends return the conversation only when its status changed (the only time it is
-- announced), not a copy of the row with every event.
CREATE OR REPLACE FUNCTION console_append_events(batch jsonb, ranks jsonb)
RETURNS TABLE (i int, seq int, received_at timestamptz, changed boolean, conversation jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  item record;
  cur record;
  applies boolean;
BEGIN
  FOR item IN
    SELECT (e.ord - 1)::int AS idx, e.v->>'c' AS cid, e.v->>'k' AS k, e.v->>'s' AS src, e.v->'p' AS payload,
      (e.v->>'a')::timestamptz AS at, e.v->>'st' AS st, (e.v->>'r')::int AS rnk, e.v->>'u' AS uid
    FROM jsonb_array_elements(batch) WITH ORDINALITY AS e(v, ord)
    ORDER BY e.v->>'c', e.ord
  LOOP
    SELECT c.last_seq, c.status, c.status_at INTO cur FROM conversations c WHERE c.id = item.cid FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO conversations (id, kind, user_json, status, status_at)
      VALUES (item.cid, 'external', jsonb_build_object('id', item.uid), COALESCE(item.st, 'thinking'),
        CASE WHEN item.st IS NOT NULL THEN item.at END)
      ON CONFLICT (id) DO NOTHING;
      SELECT c.last_seq, c.status, c.status_at INTO cur FROM conversations c WHERE c.id = item.cid FOR UPDATE;
    END IF;
    INSERT INTO events (conversation_id, seq, key, source, payload, created_at_ms)
    VALUES (item.cid, cur.last_seq + 1, item.k, item.src, item.payload, item.at)
    ON CONFLICT (conversation_id, key) DO NOTHING
    RETURNING events.received_at INTO received_at;
    CONTINUE WHEN NOT FOUND;
    applies := COALESCE(item.st IS NOT NULL AND (cur.status_at IS NULL OR item.at IS NULL
      OR item.at > cur.status_at OR (item.at = cur.status_at AND item.rnk >= (ranks->>cur.status)::int)), false);
    changed := applies AND item.st IS DISTINCT FROM cur.status;
    UPDATE conversations c SET last_seq = cur.last_seq + 1,
      status = CASE WHEN changed THEN item.st ELSE c.status END,
      status_at = CASE WHEN applies THEN item.at ELSE c.status_at END,
      updated_at = CASE WHEN changed THEN now() ELSE c.updated_at END
    WHERE c.id = item.cid
    RETURNING CASE WHEN changed THEN to_jsonb(c.*) END INTO conversation;
    i := item.idx;
    seq := cur.last_seq + 1;
    RETURN NEXT;
  END LOOP;
END
$$;

CREATE FUNCTION console_record_conversation(input jsonb, notes jsonb, ranks jsonb)
RETURNS TABLE (i int, seq int, received_at timestamptz, changed boolean, conversation jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  cid text := input->>'id';
  st text := input->>'status';
  stamp timestamptz := (input->>'status_at')::timestamptz;
  cur record;
  applies boolean;
BEGIN
  INSERT INTO conversations (id, kind, procedure_id, procedure_name, user_json, status, status_at, stream_state)
  VALUES (cid, input->>'kind', input->>'procedure_id', input->>'procedure_name', input->'user', st, stamp, 'none')
  ON CONFLICT (id) DO NOTHING;
  SELECT c.status, c.status_at INTO cur FROM conversations c WHERE c.id = cid FOR UPDATE;
  -- Same rule as the appends: a newer stamp wins; a tie goes by lifecycle order, or to a new cycle.
  applies := cur.status_at IS NULL OR stamp IS NULL OR stamp > cur.status_at OR (stamp = cur.status_at
    AND (COALESCE((input->>'new_cycle')::boolean, false) OR (ranks->>st)::int >= (ranks->>cur.status)::int));
  UPDATE conversations c SET
    kind = CASE WHEN c.kind = 'external' THEN input->>'kind' ELSE c.kind END,
    procedure_id = COALESCE(input->>'procedure_id', c.procedure_id),
    procedure_name = COALESCE(input->>'procedure_name', c.procedure_name),
    user_json = input->'user',
    status = CASE WHEN applies THEN st ELSE c.status END,
    status_at = CASE WHEN applies THEN stamp ELSE c.status_at END,
    intercom_conversation_id = COALESCE(input->>'intercom_conversation_id', c.intercom_conversation_id),
    sse_url = COALESCE(input->>'sse_url', c.sse_url),
    stream_state = CASE WHEN input->>'sse_url' IS NOT NULL THEN 'connecting' ELSE c.stream_state END,
    warnings = COALESCE(NULLIF(input->'warnings', 'null'::jsonb), c.warnings),
    updated_at = now()
  WHERE c.id = cid;
  IF jsonb_array_length(notes) > 0 THEN
    RETURN QUERY SELECT * FROM console_append_events(notes, ranks);
  END IF;
  -- Last, the row as it stands after the notes.
  SELECT to_jsonb(c.*) INTO conversation FROM conversations c WHERE c.id = cid;
  i := -1;
  seq := NULL;
  received_at := NULL;
  changed := false;
  RETURN NEXT;
END
$$;
`,
  },
  {
    // Counted per kind with a few samples: a flood of badly signed webhooks must not grow the store.
    id: '006_webhook_rejections',
    sql: `
CREATE TABLE webhook_rejections (
  kind text PRIMARY KEY,
  total bigint NOT NULL,
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  first_samples jsonb NOT NULL DEFAULT '[]',
  last_samples jsonb NOT NULL DEFAULT '[]'
);
INSERT INTO webhook_rejections (kind, total, first_at, last_at)
SELECT kind, count(*), min(received_at), max(received_at) FROM webhook_deliveries
WHERE signature_ok = false GROUP BY kind;
DELETE FROM webhook_deliveries WHERE signature_ok = false;
`,
  },
  {
    id: '007_hitl_accounts',
    sql: `
-- Claims and answers belong to an account (users.id); names are only shown, and two teammates
-- may share one. NULL for a principal without an account (the operations token), which is then
-- told apart by name.
ALTER TABLE hitl_steps ADD COLUMN claimed_by_id text;
ALTER TABLE hitl_steps ADD COLUMN submitting_by_id text;
ALTER TABLE hitl_steps ADD COLUMN answered_by_id text;
`,
  },
  {
    // An API token may be made to lapse; null keeps the old behaviour (valid until revoked).
    id: '008_api_token_expiry',
    sql: `
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
`,
  },
  {
    id: '009_contract_drift',
    sql: `
CREATE TABLE contract_drift (
  where_seen text NOT NULL,
  path text NOT NULL,
  expected text NOT NULL,
  received text NOT NULL,
  count bigint NOT NULL DEFAULT 0,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  PRIMARY KEY (where_seen, path, expected, received)
);
`,
  },
  {
    // Fin's answers lack the Intercom id, so a link may be inferred or set by a lead; 'manual' with no conversation is "not linked".
    id: '010_hitl_link',
    sql: `
ALTER TABLE hitl_steps ADD COLUMN link_kind text;
ALTER TABLE hitl_steps ADD COLUMN link_evidence jsonb;
ALTER TABLE hitl_steps ADD COLUMN linked_by text;
UPDATE hitl_steps SET link_kind = 'intercom_id' WHERE external_conversation_id IS NOT NULL;
CREATE INDEX hitl_steps_external_idx ON hitl_steps (external_conversation_id);
`,
  },
  {
    // The last delivery attempt of an answer, so a 409 after an unanswered one is known to be ours.
    id: '011_hitl_delivery',
    sql: `
ALTER TABLE hitl_steps ADD COLUMN delivery_state text;
ALTER TABLE hitl_steps ADD COLUMN delivery_error text;
ALTER TABLE hitl_steps ADD COLUMN delivery_by text;
ALTER TABLE hitl_steps ADD COLUMN delivery_by_id text;
UPDATE hitl_steps h SET delivery_state = 'unknown', delivery_error = 'Fin did not answer in time',
  delivery_by = a.actor, delivery_by_id = a.actor_id
FROM (SELECT DISTINCT ON (target) target, actor, actor_id FROM audit_log
      WHERE action = 'hitl.submit' ORDER BY target, id DESC) a
WHERE a.target = h.step_id AND h.outcome LIKE 'unknown:%';
`,
  },
  {
    // One presenter note per step of a conversation, keyed by the step's seq (0: the opening message).
    id: '012_replay_notes',
    sql: `
CREATE TABLE replay_notes (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  body text NOT NULL,
  author text NOT NULL,
  author_id text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq)
);
`,
  },
  {
    // Public read-only links to one conversation's replay; token_hash is the sha256 hex of the URL's token, never the token.
    id: '013_share_links',
    sql: `
CREATE TABLE share_links (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  created_by text NOT NULL,
  created_by_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by text,
  redact boolean NOT NULL DEFAULT true,
  view_count integer NOT NULL DEFAULT 0,
  last_viewed_at timestamptz
);
CREATE INDEX share_links_created_idx ON share_links (created_at DESC);
`,
  },
  {
    // Scenario suites are kept as written (YAML or JSON text); a run's results are one JSON list, rewritten as it goes.
    id: '014_scenarios',
    sql: `
CREATE TABLE scenario_suites (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  body text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
CREATE TABLE scenario_runs (
  id text PRIMARY KEY,
  suite_id text NOT NULL REFERENCES scenario_suites (id) ON DELETE CASCADE,
  started_by text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status text NOT NULL DEFAULT 'running',
  -- past it a run still 'running' was abandoned (its console stopped): read as an error
  deadline_at timestamptz NOT NULL,
  results jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX scenario_runs_suite_idx ON scenario_runs (suite_id, started_at DESC);
`,
  },
  {
    // A what-if fork: which run it replays and the step answered differently. The fork's own
    // conversation row appears only once its run starts, so it is not a foreign key.
    id: '015_forks',
    sql: `
CREATE TABLE conversation_forks (
  fork_id text PRIMARY KEY,
  source_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  step_id text NOT NULL,
  question text NOT NULL,
  attribute_values jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'running',
  reason text
);
CREATE INDEX conversation_forks_source_idx ON conversation_forks (source_id, created_at DESC);
`,
  },
  {
    // Follower stream states ride in the appends' statement: at 1,000 live conversations their
    // own statements were a sixth of the embedded store's time. The events' foreign key goes: the
    // append function creates or locks the row before every insert, nothing deletes conversations,
    // and its check cost a tenth of an append (docs/decisions/benchmarks.md).
    id: '016_append_states',
    sql: `
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_conversation_id_fkey;
CREATE OR REPLACE FUNCTION console_append_events(batch jsonb, ranks jsonb)
RETURNS TABLE (i int, seq int, received_at timestamptz, changed boolean, conversation jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  item record;
  cur record;
  applies boolean;
BEGIN
  FOR item IN
    SELECT (e.ord - 1)::int AS idx, e.v->>'c' AS cid, e.v->>'k' AS k, e.v->>'s' AS src, e.v->'p' AS payload,
      (e.v->>'a')::timestamptz AS at, e.v->>'st' AS st, (e.v->>'r')::int AS rnk, e.v->>'u' AS uid,
      e.v->>'ss' AS ss, e.v->>'url' AS url, e.v ? 'rd' AS rd
    FROM jsonb_array_elements(batch) WITH ORDINALITY AS e(v, ord)
    ORDER BY e.v->>'c', e.ord
  LOOP
    -- Where a timeline stands (null: no row yet), after the events sent before the question.
    IF item.rd THEN
      SELECT c.last_seq INTO seq FROM conversations c WHERE c.id = item.cid;
      i := item.idx;
      received_at := NULL;
      changed := false;
      conversation := NULL;
      RETURN NEXT;
      CONTINUE;
    END IF;
    -- A follower's stream state, in order with its conversation's events; a row only if it changed.
    IF item.ss IS NOT NULL THEN
      UPDATE conversations c SET stream_state = item.ss, updated_at = now()
      WHERE c.id = item.cid AND c.stream_state <> item.ss AND (item.url IS NULL OR c.sse_url = item.url)
      RETURNING to_jsonb(c.*) INTO conversation;
      IF FOUND THEN
        i := item.idx;
        seq := NULL;
        received_at := NULL;
        changed := true;
        RETURN NEXT;
      END IF;
      CONTINUE;
    END IF;
    SELECT c.last_seq, c.status, c.status_at INTO cur FROM conversations c WHERE c.id = item.cid FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO conversations (id, kind, user_json, status, status_at)
      VALUES (item.cid, 'external', jsonb_build_object('id', item.uid), COALESCE(item.st, 'thinking'),
        CASE WHEN item.st IS NOT NULL THEN item.at END)
      ON CONFLICT (id) DO NOTHING;
      SELECT c.last_seq, c.status, c.status_at INTO cur FROM conversations c WHERE c.id = item.cid FOR UPDATE;
    END IF;
    INSERT INTO events (conversation_id, seq, key, source, payload, created_at_ms)
    VALUES (item.cid, cur.last_seq + 1, item.k, item.src, item.payload, item.at)
    ON CONFLICT (conversation_id, key) DO NOTHING
    RETURNING events.received_at INTO received_at;
    CONTINUE WHEN NOT FOUND;
    applies := COALESCE(item.st IS NOT NULL AND (cur.status_at IS NULL OR item.at IS NULL
      OR item.at > cur.status_at OR (item.at = cur.status_at AND item.rnk >= (ranks->>cur.status)::int)), false);
    changed := applies AND item.st IS DISTINCT FROM cur.status;
    UPDATE conversations c SET last_seq = cur.last_seq + 1,
      status = CASE WHEN changed THEN item.st ELSE c.status END,
      status_at = CASE WHEN applies THEN item.at ELSE c.status_at END,
      updated_at = CASE WHEN changed THEN now() ELSE c.updated_at END
    WHERE c.id = item.cid
    RETURNING CASE WHEN changed THEN to_jsonb(c.*) END INTO conversation;
    i := item.idx;
    seq := cur.last_seq + 1;
    RETURN NEXT;
  END LOOP;
END
$$;
`,
  },
  {
    // A step's row snapshots reach the live stream in whatever order their writers finish (the
    // webhook's 'created' can trail a claim made meanwhile), so each carries a version for the
    // browser to keep the newest. A trigger bumps it on every update, whoever writes.
    id: '017_hitl_version',
    sql: `
ALTER TABLE hitl_steps ADD COLUMN version integer NOT NULL DEFAULT 1;
CREATE OR REPLACE FUNCTION console_hitl_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END
$$;
CREATE TRIGGER hitl_steps_version BEFORE UPDATE ON hitl_steps
  FOR EACH ROW EXECUTE FUNCTION console_hitl_version();
`,
  },
];

export async function migrate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727401)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
    }
  });
}

// One statement per query; a `;` at a line end ends one, except inside a `$$` function body.
function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  sql.split('$$').forEach((part, i) => {
    if (i % 2 === 1) return void (current += `$$${part}$$`);
    const [first, ...rest] = part.split(/;\s*$/m);
    current += first;
    for (const next of rest) {
      statements.push(current);
      current = next;
    }
  });
  statements.push(current);
  return statements.map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean);
}
