import 'server-only';
import type { CreatedShareLink, CreateShareLinkBody, ShareLinkView } from '@/lib/console/share-links';
import { clientIp, limiter } from './auth/rate-limit';
import { auditActor, type Principal } from './auth/roles';
import { newId, randomSecret, sha256Hex } from './auth/secrets';
import type { ConsoleContext } from './context';
import { getConversationRow } from './db/conversations';
import { writeAudit } from './db/records';
import {
  countShareLinkView,
  findShareLinkByHash,
  getShareLink,
  insertShareLink,
  listShareLinks,
  revokeShareLinkRow,
  shareLinkStatus,
} from './db/share-links';
import { ConsoleError } from './errors';

const HOUR_MS = 60 * 60 * 1000;

/** 32 random bytes as base64url: exactly this many characters of this alphabet. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const sharePath = (token: string) => `/share/${token}`;

/** A read-only link to one conversation's replay; the URL (holding the token) is in this answer only. */
export async function createShareLink(
  ctx: ConsoleContext,
  me: Principal,
  conversationId: string,
  body: CreateShareLinkBody,
  origin: string,
): Promise<CreatedShareLink> {
  if (!(await getConversationRow(ctx.db, conversationId))) {
    throw new ConsoleError('not_found', 'No such conversation');
  }
  const token = randomSecret();
  const id = newId('shr');
  await insertShareLink(ctx.db, {
    id,
    tokenHash: sha256Hex(token),
    conversationId,
    createdBy: me.name,
    createdById: me.userId,
    expiresAt: new Date(Date.now() + body.expires_in_hours * HOUR_MS),
    redact: body.redact,
  });
  const link = (await getShareLink(ctx.db, id))!;
  await writeAudit(ctx.db, {
    ...auditActor(me),
    action: 'share.create',
    target: id,
    detail: { conversation_id: conversationId, expires_at: link.expires_at, redact: link.redact },
  });
  return { url: `${ctx.env.consoleOrigin ?? origin}${sharePath(token)}`, link };
}

export async function shareLinks(ctx: ConsoleContext): Promise<{ links: ShareLinkView[] }> {
  return { links: await listShareLinks(ctx.db) };
}

/** Revoking twice is harmless; the first revocation is kept. */
export async function revokeShareLink(
  ctx: ConsoleContext,
  me: Principal,
  id: string,
): Promise<{ link: ShareLinkView }> {
  if (!(await revokeShareLinkRow(ctx.db, id, me.name)))
    throw new ConsoleError('not_found', 'No such share link');
  await writeAudit(ctx.db, { ...auditActor(me), action: 'share.revoke', target: id });
  return { link: (await getShareLink(ctx.db, id))! };
}

export type ResolvedShareLink =
  | { state: 'active'; id: string; conversationId: string; redact: boolean }
  | { state: 'expired' | 'revoked' | 'unknown' };

/** What a token opens; the shape is checked before any lookup, and each successful open is counted. */
export async function resolveShareLink(
  ctx: Pick<ConsoleContext, 'db'>,
  token: string,
  now = Date.now(),
): Promise<ResolvedShareLink> {
  if (!TOKEN_SHAPE.test(token)) return { state: 'unknown' };
  const row = await findShareLinkByHash(ctx.db, sha256Hex(token));
  if (!row) return { state: 'unknown' };
  const state = shareLinkStatus(row, now);
  if (state !== 'active') return { state };
  await countShareLinkView(ctx.db, row.id);
  return { state, id: row.id, conversationId: row.conversation_id, redact: row.redact };
}

/** Seconds the peer behind these headers must wait before opening another link; 0: go ahead (and counted). */
export function shareOpenWait(ctx: Pick<ConsoleContext, 'env'>, headers: Headers): number {
  const key = clientIp(headers, ctx.env.trustProxy);
  const limits = limiter('shareOpen');
  const wait = limits.retryAfter(key);
  if (wait === 0) limits.hit(key);
  return wait;
}
