import 'server-only';
import type { ShareLinkStatus, ShareLinkView } from '@/lib/console/share-links';
import type { ConversationKind } from '@/lib/console/types';
import { conversationTitle } from '@/components/conversation/status';
import { iso, type Queryable } from '.';

interface ShareLinkJoin {
  id: string;
  conversation_id: string;
  procedure_name: string | null;
  kind: ConversationKind | null;
  created_by: string;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  revoked_by: string | null;
  redact: boolean;
  view_count: number;
  last_viewed_at: Date | string | null;
}

const SELECT = `SELECT s.id, s.conversation_id, c.procedure_name, c.kind, s.created_by, s.created_at, s.expires_at,
  s.revoked_at, s.revoked_by, s.redact, s.view_count, s.last_viewed_at
  FROM share_links s LEFT JOIN conversations c ON c.id = s.conversation_id`;

export function shareLinkStatus(
  r: { revoked_at: Date | string | null; expires_at: Date | string },
  now: number,
): ShareLinkStatus {
  if (r.revoked_at !== null) return 'revoked';
  return new Date(r.expires_at).getTime() <= now ? 'expired' : 'active';
}

const toView = (r: ShareLinkJoin, now: number): ShareLinkView => ({
  id: r.id,
  conversation_id: r.conversation_id,
  conversation_title: r.kind
    ? conversationTitle({ kind: r.kind, procedure_name: r.procedure_name })
    : 'Conversation',
  created_by: r.created_by,
  created_at: iso(r.created_at)!,
  expires_at: iso(r.expires_at)!,
  revoked_at: iso(r.revoked_at),
  revoked_by: r.revoked_by,
  redact: r.redact,
  view_count: Number(r.view_count),
  last_viewed_at: iso(r.last_viewed_at),
  status: shareLinkStatus(r, now),
});

export async function insertShareLink(
  db: Queryable,
  link: {
    id: string;
    tokenHash: string;
    conversationId: string;
    createdBy: string;
    createdById: string | null;
    expiresAt: Date;
    redact: boolean;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO share_links (id, token_hash, conversation_id, created_by, created_by_id, expires_at, redact)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      link.id,
      link.tokenHash,
      link.conversationId,
      link.createdBy,
      link.createdById,
      link.expiresAt,
      link.redact,
    ],
  );
}

export async function getShareLink(
  db: Queryable,
  id: string,
  now = Date.now(),
): Promise<ShareLinkView | null> {
  const row = (await db.query<ShareLinkJoin>(`${SELECT} WHERE s.id = $1`, [id]))[0];
  return row ? toView(row, now) : null;
}

/** Newest first; a bounded page, as links are never deleted. */
export async function listShareLinks(db: Queryable, limit = 200, now = Date.now()): Promise<ShareLinkView[]> {
  const rows = await db.query<ShareLinkJoin>(`${SELECT} ORDER BY s.created_at DESC, s.id LIMIT $1`, [limit]);
  return rows.map((r) => toView(r, now));
}

/** Revoking twice keeps the first revocation. */
export async function revokeShareLinkRow(db: Queryable, id: string, by: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `UPDATE share_links SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $2)
     WHERE id = $1 RETURNING id`,
    [id, by],
  );
  return rows.length > 0;
}

/** The link a token hash names, with what opening it needs. */
export async function findShareLinkByHash(
  db: Queryable,
  tokenHash: string,
): Promise<{
  id: string;
  conversation_id: string;
  redact: boolean;
  expires_at: Date | string;
  revoked_at: Date | string | null;
} | null> {
  const rows = await db.query<{
    id: string;
    conversation_id: string;
    redact: boolean;
    expires_at: Date | string;
    revoked_at: Date | string | null;
  }>('SELECT id, conversation_id, redact, expires_at, revoked_at FROM share_links WHERE token_hash = $1', [
    tokenHash,
  ]);
  return rows[0] ?? null;
}

export async function countShareLinkView(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE share_links SET view_count = view_count + 1, last_viewed_at = now() WHERE id = $1', [
    id,
  ]);
}

/** Identifiers a shared replay must never show: the conversation's and its steps' ids and URLs, and teammates' emails. */
export async function internalIdentifiers(db: Queryable, conversationId: string): Promise<string[]> {
  const [conversation, steps, users] = await Promise.all([
    db.query<Record<string, string | null>>(
      'SELECT id, procedure_id, intercom_conversation_id FROM conversations WHERE id = $1',
      [conversationId],
    ),
    db.query<Record<string, string | null>>(
      // A step names the Intercom conversation; the console's own id is its external one.
      `SELECT step_id, conversation_id, callback_url, conversation_url FROM hitl_steps
       WHERE external_conversation_id = $1 OR conversation_id = $1 LIMIT 1000`,
      [conversationId],
    ),
    db.query<{ email: string }>('SELECT email FROM users LIMIT 10000'),
  ]);
  return [...conversation, ...steps, ...users]
    .flatMap((r) => Object.values(r))
    .filter((v): v is string => typeof v === 'string' && v !== '');
}
