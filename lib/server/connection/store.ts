import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db';
import { iso, jsonParam } from '../db';
import type { OAuthErrorReason } from '@/lib/console/connection';
import type { Sealed } from './crypto';

export interface AppInfo {
  id_code: string;
  name: string | null;
  region: string | null;
}

export interface StoredToken {
  sealed: Sealed;
  connectedAt: string;
  connectedBy: string;
  app: AppInfo | null;
}

/** The single stored OAuth token row, still sealed; null when none. */
export async function readStoredToken(db: Queryable): Promise<StoredToken | null> {
  const rows = await db.query<{
    ciphertext: string;
    iv: string;
    tag: string;
    connected_at: Date;
    connected_by: string;
    app_json: AppInfo | null;
  }>('SELECT ciphertext, iv, tag, connected_at, connected_by, app_json FROM connection_token WHERE id = 1');
  const r = rows[0];
  if (!r) return null;
  return {
    sealed: { ciphertext: r.ciphertext, iv: r.iv, tag: r.tag },
    connectedAt: iso(r.connected_at)!,
    connectedBy: r.connected_by,
    app: r.app_json,
  };
}

export async function writeStoredToken(
  db: Queryable,
  t: { sealed: Sealed; connectedBy: string; connectedById: string | null; app: AppInfo | null },
): Promise<string> {
  const rows = await db.query<{ connected_at: Date }>(
    `INSERT INTO connection_token (id, ciphertext, iv, tag, connected_at, connected_by, connected_by_id, app_json)
     VALUES (1, $1, $2, $3, now(), $4, $5, $6::jsonb)
     ON CONFLICT (id) DO UPDATE SET ciphertext = EXCLUDED.ciphertext, iv = EXCLUDED.iv, tag = EXCLUDED.tag,
       connected_at = EXCLUDED.connected_at, connected_by = EXCLUDED.connected_by,
       connected_by_id = EXCLUDED.connected_by_id, app_json = EXCLUDED.app_json
     RETURNING connected_at`,
    [t.sealed.ciphertext, t.sealed.iv, t.sealed.tag, t.connectedBy, t.connectedById, jsonParam(t.app)],
  );
  return iso(rows[0]?.connected_at)!;
}

export async function deleteStoredToken(db: Queryable): Promise<boolean> {
  return (await db.query('DELETE FROM connection_token WHERE id = 1 RETURNING id')).length > 0;
}

export const STATE_TTL_MS = 10 * 60_000;

const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

/** A fresh single-use OAuth `state` for `principal`; only its hash is stored. */
export async function createOAuthState(db: Queryable, principal: string): Promise<string> {
  const state = randomBytes(24).toString('base64url');
  await db.query("DELETE FROM oauth_states WHERE expires_at < now() - interval '1 day'");
  await db.query(
    `INSERT INTO oauth_states (id, principal, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')`,
    [hashState(state), principal, STATE_TTL_MS],
  );
  return state;
}

/** Uses up `state` for `principal`: null when valid, else why not; only the principal who started it can spend it. */
export async function consumeOAuthState(
  db: Queryable,
  state: string | null,
  principal: string,
): Promise<OAuthErrorReason | null> {
  if (!state) return 'missing_state';
  const id = hashState(state);
  const spent = await db.query(
    `UPDATE oauth_states SET used_at = now()
     WHERE id = $1 AND principal = $2 AND used_at IS NULL AND expires_at > now() RETURNING id`,
    [id, principal],
  );
  if (spent.length) return null;
  const rows = await db.query<{ principal: string; used: boolean; expired: boolean }>(
    'SELECT principal, used_at IS NOT NULL AS used, expires_at <= now() AS expired FROM oauth_states WHERE id = $1',
    [id],
  );
  const row = rows[0];
  if (!row) return 'unknown_state';
  if (row.principal !== principal) return 'other_user';
  if (row.used) return 'used_state';
  return 'expired_state';
}
