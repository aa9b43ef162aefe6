import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ApiCall } from '@/lib/console/types';
import { iso, jsonParam, type Queryable } from '.';

/** Small append-only records: the API call inspector, the audit log, webhook deliveries, procedure names. */

export interface ApiCallInput {
  conversation_id: string | null;
  method: string;
  url: string;
  request_body: unknown;
  status: number | null;
  response_body: unknown;
  duration_ms: number;
}

export async function insertApiCall(db: Queryable, c: ApiCallInput): Promise<void> {
  await db.query(
    `INSERT INTO api_calls (id, conversation_id, method, url, request_body, status, response_body, duration_ms)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb, $8)`,
    [
      randomUUID(),
      c.conversation_id,
      c.method,
      c.url,
      jsonParam(c.request_body),
      c.status,
      jsonParam(c.response_body),
      Math.round(c.duration_ms),
    ],
  );
}

export async function listApiCalls(db: Queryable, conversationId?: string): Promise<ApiCall[]> {
  const rows = await db.query<Omit<ApiCall, 'created_at'> & { created_at: Date }>(
    conversationId
      ? 'SELECT * FROM api_calls WHERE conversation_id = $1 ORDER BY created_at DESC, id LIMIT 500'
      : 'SELECT * FROM api_calls ORDER BY created_at DESC, id LIMIT 500',
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

export async function writeAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (actor, actor_id, action, target, detail) VALUES ($1, $2, $3, $4, $5::jsonb)',
    [e.actor, e.actorId ?? null, e.action, e.target, jsonParam(e.detail ?? null)],
  );
}

export async function listAudit(db: Queryable, target?: string): Promise<(AuditEntry & { at: string })[]> {
  const rows = await db.query<AuditEntry & { at: Date }>(
    target
      ? 'SELECT actor, action, target, detail, at FROM audit_log WHERE target = $1 ORDER BY id DESC LIMIT 500'
      : 'SELECT actor, action, target, detail, at FROM audit_log ORDER BY id DESC LIMIT 500',
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

export async function recordDelivery(
  db: Queryable,
  d: {
    id: string;
    kind: 'app' | 'fin' | 'unsigned';
    topic: string | null;
    signatureOk: boolean;
    processed: boolean;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO webhook_deliveries (id, kind, topic, signature_ok, processed_at)
     VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)
     ON CONFLICT (id) DO UPDATE SET processed_at = COALESCE(webhook_deliveries.processed_at, EXCLUDED.processed_at)`,
    [d.id, d.kind, d.topic, d.signatureOk, d.processed],
  );
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
export async function takeLease(db: Queryable, id: string, owner: string, ttlMs: number): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO stream_leases (conversation_id, owner, expires_at)
     VALUES ($1, $2, now() + ($3 || ' milliseconds')::interval)
     ON CONFLICT (conversation_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE stream_leases.owner = EXCLUDED.owner OR stream_leases.expires_at < now()
     RETURNING owner`,
    [id, owner, String(ttlMs)],
  );
  return rows.length > 0;
}

export async function dropLease(db: Queryable, id: string, owner: string): Promise<void> {
  await db.query('DELETE FROM stream_leases WHERE conversation_id = $1 AND owner = $2', [id, owner]);
}
