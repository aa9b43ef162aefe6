import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ApiCall } from '@/lib/console/types';
import { iso, jsonParam, type Queryable } from '.';
import { inRounds, perStore } from './batch';
import { RANKS } from './conversations';

/** Small append-only records: the API call inspector, the audit log, webhook deliveries, procedure names; a cycle's recorded answer rides with the first two. */

export interface ApiCallInput {
  conversation_id: string | null;
  method: string;
  url: string;
  request_body: unknown;
  status: number | null;
  response_body: unknown;
  duration_ms: number;
}

const inOrder = <T>(items: T[], toRow: (item: T) => Record<string, unknown>) =>
  items.map((item, ord) => ({ ...toRow(item), ord }));

/** Inserts a batch of records in one statement; calls arriving meanwhile share the next (group commit). */
function batched<T>(sql: string, toRow: (item: T) => Record<string, unknown>) {
  return perStore<T, void>(async (db, items) => {
    await db.query(sql, [jsonParam(inOrder(items, toRow))]);
    return items.map(() => undefined);
  });
}

const callRow = (c: ApiCallInput) => ({
  id: randomUUID(),
  conversation_id: c.conversation_id,
  method: c.method,
  url: c.url,
  request_body: c.request_body ?? null,
  status: c.status,
  response_body: c.response_body ?? null,
  duration_ms: Math.round(c.duration_ms),
});

const auditRow = (e: AuditEntry) => ({
  actor: e.actor,
  actor_id: e.actorId ?? null,
  action: e.action,
  target: e.target,
  detail: e.detail ?? null,
});

/** A Fin answer's conversation and notes, for `console_record_conversation` (rows lock in id order). */
export interface CycleRecord {
  id: string;
  input: unknown;
  notes: unknown[];
}

type CycleWrite = { call: ApiCallInput } | { audit: AuditEntry } | { record: CycleRecord };

/**
 * What a response cycle writes besides its events, one statement per batch: the API call, the
 * recorded answer, the audit entry. On the embedded store a statement's fixed cost outweighs a
 * small row's (docs/decisions/benchmarks.md). Calls and audit entries go in arrival order (listed
 * newest first by that order), each stamped with its own clock time; a record answers its rows.
 */
const writeCycleBatch = perStore<CycleWrite, unknown[]>(async (db, items) => {
  const calls = items.flatMap((w) => ('call' in w ? [w.call] : []));
  const audits = items.flatMap((w) => ('audit' in w ? [w.audit] : []));
  const records = items
    .flatMap((w, ord) => ('record' in w ? [{ ...w.record, ord }] : []))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.ord - b.ord));
  const rows = await db.query<{ ord: number }>(
    `WITH calls AS (
       INSERT INTO api_calls (id, conversation_id, method, url, request_body, status, response_body, duration_ms, created_at)
       SELECT x.id, x.conversation_id, x.method, x.url, x.request_body, x.status, x.response_body, x.duration_ms, clock_timestamp()
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, conversation_id text, method text, url text,
         request_body jsonb, status integer, response_body jsonb, duration_ms integer, ord bigint)
       ORDER BY x.ord
     ), audits AS (
       INSERT INTO audit_log (actor, actor_id, action, target, detail, at)
       SELECT x.actor, x.actor_id, x.action, x.target, x.detail, clock_timestamp()
       FROM jsonb_to_recordset($2::jsonb) AS x(actor text, actor_id text, action text, target text,
         detail jsonb, ord bigint)
       ORDER BY x.ord
     )
     SELECT x.ord, r.* FROM jsonb_to_recordset($3::jsonb) AS x(input jsonb, notes jsonb, ord int)
     CROSS JOIN LATERAL console_record_conversation(x.input, x.notes, $4::jsonb) AS r`,
    [
      jsonParam(inOrder(calls, callRow)),
      jsonParam(inOrder(audits, auditRow)),
      jsonParam(records.map(({ input, notes, ord }) => ({ input, notes, ord }))),
      RANKS,
    ],
  );
  const out: unknown[][] = items.map(() => []);
  for (const { ord, ...row } of rows) out[ord]!.push(row);
  return out;
});

/** Writes a cycle's record with whatever else is waiting; answers the rows of its own record. */
export const writeCycle = <R>(db: Queryable, write: { record: CycleRecord }) =>
  writeCycleBatch(db, write) as Promise<R[]>;

export const insertApiCall = async (db: Queryable, call: ApiCallInput) =>
  void (await writeCycleBatch(db, { call }));

const CALL_COLUMNS =
  'id, conversation_id, method, url, request_body, status, response_body, duration_ms, created_at';

export async function listApiCalls(db: Queryable, conversationId?: string): Promise<ApiCall[]> {
  const rows = await db.query<Omit<ApiCall, 'created_at'> & { created_at: Date }>(
    conversationId
      ? `SELECT ${CALL_COLUMNS} FROM api_calls WHERE conversation_id = $1 ORDER BY n DESC LIMIT 500`
      : `SELECT ${CALL_COLUMNS} FROM api_calls ORDER BY n DESC LIMIT 500`,
    conversationId ? [conversationId] : [],
  );
  return rows.map((r) => ({ ...r, created_at: iso(r.created_at)! }));
}

export interface AuditEntry {
  actor: string;
  /** The signed-in user's id, when the actor is one (null for the operations token). */
  actorId?: string | null;
  action: string;
  target: string | null;
  detail?: unknown;
}

/** Written in arrival order (the log reads newest id first). */
export const writeAudit = async (db: Queryable, audit: AuditEntry) =>
  void (await writeCycleBatch(db, { audit }));

export async function listAudit(db: Queryable, target?: string): Promise<(AuditEntry & { at: string })[]> {
  const rows = await db.query<AuditEntry & { at: Date }>(
    target
      ? 'SELECT actor, actor_id AS "actorId", action, target, detail, at FROM audit_log WHERE target = $1 ORDER BY id DESC LIMIT 500'
      : 'SELECT actor, actor_id AS "actorId", action, target, detail, at FROM audit_log ORDER BY id DESC LIMIT 500',
    target ? [target] : [],
  );
  return rows.map((r) => ({ ...r, at: iso(r.at)! }));
}

/** Whether an app webhook with this envelope id was already processed (retries are no-ops). */
export async function deliveryProcessed(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<{ processed_at: Date | null }>(
    'SELECT processed_at FROM webhook_deliveries WHERE id = $1',
    [id],
  );
  return rows[0]?.processed_at != null;
}

export interface DeliveryRecord {
  id: string;
  kind: 'app' | 'fin' | 'unsigned';
  topic: string | null;
  signatureOk: boolean;
  processed: boolean;
}

/** Inserts deliveries once per id; a processed mark is never taken back, even when a retry shares the batch. */
export const insertDeliveries = (param: string) =>
  `INSERT INTO webhook_deliveries (id, kind, topic, signature_ok, processed_at)
   SELECT DISTINCT ON (d.id) d.id, d.kind, d.topic, d.signature_ok, CASE WHEN d.processed THEN now() END
   FROM jsonb_to_recordset(${param}::jsonb) AS d(id text, kind text, topic text, signature_ok boolean, processed boolean, ord bigint)
   ORDER BY d.id, d.processed DESC, d.ord
   ON CONFLICT (id) DO UPDATE SET processed_at = COALESCE(webhook_deliveries.processed_at, EXCLUDED.processed_at)`;

const deliveryRow = (d: DeliveryRecord) => ({
  id: d.id,
  kind: d.kind,
  topic: d.topic,
  signature_ok: d.signatureOk,
  processed: d.processed,
});

export const deliveryRows = (ds: DeliveryRecord[]) => inOrder(ds, deliveryRow);

/** Records a webhook delivery, a batch at a time (a Fin event's delivery is stored with the event). */
export const recordDelivery = batched<DeliveryRecord>(insertDeliveries('$1'), deliveryRow);

export interface RejectionSample {
  at: string;
  ip: string;
  reason: string;
  bytes: number;
}

/** Refused deliveries of one kind (by signature header): how many, when, and a few samples. */
export interface RejectionTally {
  kind: 'app' | 'fin' | 'unsigned';
  total: number;
  first_at: string;
  last_at: string;
  first_samples: RejectionSample[];
  last_samples: RejectionSample[];
}

/** Adds tallies counted since the last call, keeping at most `keep` first and last samples per kind. */
export async function addRejections(db: Queryable, tallies: RejectionTally[], keep: number): Promise<void> {
  if (tallies.length === 0) return;
  await db.query(
    `INSERT INTO webhook_rejections AS r (kind, total, first_at, last_at, first_samples, last_samples)
     SELECT x.kind, x.total, x.first_at, x.last_at, x.first_samples, x.last_samples
     FROM jsonb_to_recordset($1::jsonb) AS x(kind text, total bigint, first_at timestamptz,
       last_at timestamptz, first_samples jsonb, last_samples jsonb)
     ON CONFLICT (kind) DO UPDATE SET
       total = r.total + EXCLUDED.total,
       first_at = LEAST(r.first_at, EXCLUDED.first_at),
       last_at = GREATEST(r.last_at, EXCLUDED.last_at),
       first_samples = (SELECT COALESCE(jsonb_agg(t.e ORDER BY t.o), '[]') FROM jsonb_array_elements(
         r.first_samples || EXCLUDED.first_samples) WITH ORDINALITY AS t(e, o) WHERE t.o <= $2::int),
       last_samples = (SELECT COALESCE(jsonb_agg(l.e ORDER BY l.o), '[]') FROM (SELECT t.e, t.o
         FROM jsonb_array_elements(r.last_samples || EXCLUDED.last_samples) WITH ORDINALITY AS t(e, o)
         ORDER BY t.o DESC LIMIT $2::int) l)`,
    [jsonParam(tallies), keep],
  );
}

export async function listRejections(db: Queryable): Promise<RejectionTally[]> {
  const rows = await db.query<
    Omit<RejectionTally, 'total' | 'first_at' | 'last_at'> & {
      total: string;
      first_at: Date;
      last_at: Date;
    }
  >(
    'SELECT kind, total::text AS total, first_at, last_at, first_samples, last_samples FROM webhook_rejections ORDER BY kind',
  );
  return rows.map((r) => ({
    ...r,
    total: Number(r.total),
    first_at: iso(r.first_at)!,
    last_at: iso(r.last_at)!,
  }));
}

/** Remembers procedure names from the catalogue so runs can be labelled without another call. */
export async function rememberProcedures(
  db: Queryable,
  procs: { id: string; name: string }[],
): Promise<void> {
  if (procs.length === 0) return;
  await db.query(
    `INSERT INTO procedures (id, name)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(id text, name text)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()`,
    [jsonParam(procs)],
  );
}

export async function procedureName(db: Queryable, id: string): Promise<string | null> {
  return (
    (await db.query<{ name: string }>('SELECT name FROM procedures WHERE id = $1', [id]))[0]?.name ?? null
  );
}

/** Takes the follower lease for a conversation's stream if it is free, lapsed, or already ours. */
export function takeLease(db: Queryable, id: string, owner: string, ttlMs: number): Promise<boolean> {
  return writeLease(db, { id, owner, ttl: String(ttlMs) });
}

/** Leases, a batch at a time (each follower renews its own every third of the lease). */
const writeLease = perStore<{ id: string; owner: string; ttl: string }, boolean>((db, items) =>
  inRounds(
    items,
    (x) => x.id,
    async (round) => {
      const rows = await db.query<{ conversation_id: string }>(
        `INSERT INTO stream_leases AS l (conversation_id, owner, expires_at)
         SELECT x.id, x.owner, now() + (x.ttl || ' milliseconds')::interval
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, owner text, ttl text)
         ON CONFLICT (conversation_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
           WHERE l.owner = EXCLUDED.owner OR l.expires_at < now()
         RETURNING l.conversation_id`,
        [jsonParam(round.map(({ item }) => item))],
      );
      // Ids are unique within a round: each taken lease answers the call that asked for it.
      const taken = new Set(rows.map((r) => r.conversation_id));
      return new Map(round.filter(({ item }) => taken.has(item.id)).map(({ i }) => [i, true]));
    },
    false,
  ),
);

export async function dropLease(db: Queryable, id: string, owner: string): Promise<void> {
  await db.query('DELETE FROM stream_leases WHERE conversation_id = $1 AND owner = $2', [id, owner]);
}
