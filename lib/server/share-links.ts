import 'server-only';
import type { CreatedShareLink, CreateShareLinkBody, ShareLinkView } from '@/lib/console/share-links';
import type { ReplayData, ReplayHitl, ReplayStep } from '@/lib/console/replay';
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
  internalIdentifiers,
  listShareLinks,
  revokeShareLinkRow,
  shareLinkStatus,
} from './db/share-links';
import { ConsoleError } from './errors';
import { loadReplay } from './replay';

const HOUR_MS = 60 * 60 * 1000;

/** 32 random bytes as base64url: exactly this many characters of this alphabet. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const sharePath = (token: string) => `/share/${token}`;

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
function shareOpenWait(ctx: Pick<ConsoleContext, 'env'>, headers: Headers): number {
  const key = clientIp(headers, ctx.env.trustProxy);
  const limits = limiter('shareOpen');
  const wait = limits.retryAfter(key);
  if (wait === 0) limits.hit(key);
  return wait;
}

/** What a redacted field shows instead. */
export const REDACTED = '[redacted]';
export const END_USER = 'End user';
const TEAMMATE = 'A teammate';

/** Shorter pieces would match inside ordinary words. */
const MIN_TERM = 3;
const EMAIL = /[^\s@<>"'()[\]]+@[^\s@<>"'()[\]]+\.[^\s@<>"'()[\]]+/gu;
/** A word of the user's own text that looks like a reference (an order number, a phone number). */
const REFERENCE = /[\p{L}\p{N}][\p{L}\p{N}_./-]*\p{N}[\p{L}\p{N}_./-]*|\p{N}[\p{L}\p{N}_./-]*/gu;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HTML_FORMS: [RegExp, string][] = [
  [/&/g, '&amp;'],
  [/</g, '&lt;'],
  [/>/g, '&gt;'],
  [/"/g, '&quot;'],
];
/** The term as text and as Fin's HTML may spell it. */
function spellings(term: string): string[] {
  let html = term;
  for (const [re, entity] of HTML_FORMS) html = html.replace(re, entity);
  return [
    term,
    html,
    html.replace(/'/g, '&#39;'),
    html.replace(/'/g, '&#x27;'),
    html.replace(/'/g, '&apos;'),
  ];
}

/** Replaces each term (whole words only, any case) in a text with `[redacted]`. */
function scrubber(terms: Iterable<string>, emails: boolean): (text: string) => string {
  const unique = [
    ...new Set(
      [...terms]
        .map((t) => t.trim())
        .filter((t) => t.length >= MIN_TERM)
        .flatMap(spellings),
    ),
  ].sort((a, b) => b.length - a.length);
  const pattern = unique.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${unique.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu')
    : null;
  return (text) => {
    let out = pattern ? text.replace(pattern, REDACTED) : text;
    if (emails) out = out.replace(EMAIL, REDACTED);
    return out;
  };
}

/** Whole replies that say nothing about the user; redacting them inside Fin's words would only garble it. */
const COMMON_REPLIES = new Set(['yes', 'no', 'ok', 'okay', 'sure', 'thanks', 'thank you', 'hello', 'hi']);

function scalarStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return value && typeof value === 'object' ? Object.values(value).flatMap(scalarStrings) : [];
}

/** The end user's personal data in a replay: who they are, their attributes, and everything they wrote. */
function personalTerms(data: ReplayData): string[] {
  const { user } = data.conversation;
  const own = data.steps.flatMap((s) =>
    s.kind === 'user' && s.author === 'user'
      ? [s.body]
      : s.kind === 'escalation' && s.context
        ? [s.context]
        : s.kind === 'csat' && s.remark
          ? [s.remark]
          : [],
  );
  return [
    ...[user.name, user.email].filter((v): v is string => Boolean(v)),
    ...(user.name ?? '').split(/\s+/),
    ...scalarStrings(user.attributes),
    ...own.filter((text) => !COMMON_REPLIES.has(text.trim().toLowerCase())),
    ...own.flatMap((text) =>
      [...text.matchAll(REFERENCE), ...text.matchAll(EMAIL)].map((m) => m[0].replace(/[._/-]+$/, '')),
    ),
  ];
}

const teammate = (name: string | null, scrub: (s: string) => string) =>
  name === null ? null : name.includes('@') ? TEAMMATE : scrub(name);

/**
 * The replay a share link shows. Internal identifiers (conversation, user, step and procedure
 * ids, callback URLs, teammates' emails) always go; with `redact`, so does the end user's
 * personal data, wherever it appears (in Fin's words too, as a typed order number would).
 */
export function redactReplay(
  data: ReplayData,
  { redact, internal = [] }: { redact: boolean; internal?: readonly string[] },
): ReplayData {
  const { user } = data.conversation;
  const scrub = scrubber([...internal, user.id, ...(redact ? personalTerms(data) : [])], redact);
  const mine = (text: string) => (redact ? REDACTED : scrub(text));
  const maybe = (text: string | null) => (text === null ? null : mine(text));
  const steps = data.steps.map((s): ReplayStep => {
    switch (s.kind) {
      case 'user':
        return { ...s, body: s.author === 'user' ? mine(s.body) : scrub(s.body) };
      case 'fin':
        return { ...s, html: scrub(s.html) };
      case 'status':
        return { ...s, reason: s.reason === null ? null : scrub(s.reason) };
      case 'hitl':
        return { ...s, question: scrub(s.question) };
      case 'escalation':
        return { ...s, context: maybe(s.context) };
      case 'csat':
        return { ...s, remark: maybe(s.remark) };
      default:
        return s;
    }
  });
  const hitl = data.hitl.map((h): ReplayHitl => ({
    ...h,
    procedure_name: scrub(h.procedure_name),
    question: scrub(h.question),
    attributes: h.attributes.map((a) => ({ ...a, value: answerShown(a, redact, scrub) })),
    answered_by: teammate(h.answered_by, scrub),
  }));
  return {
    conversation: {
      ...data.conversation,
      title: scrub(data.conversation.title),
      procedure_name: data.conversation.procedure_name && scrub(data.conversation.procedure_name),
      user: {
        id: '',
        name: redact || !user.name ? END_USER : scrub(user.name),
        email: redact ? null : user.email,
        attributes: Object.fromEntries(
          Object.entries(user.attributes).map(([k, v]) => [k, redact ? REDACTED : v]),
        ),
      },
    },
    steps,
    hitl,
    notes: data.notes.map((n) => ({ ...n, body: scrub(n.body), author: teammate(n.author, scrub)! })),
  };
}

/** A teammate's answer: a choice among the step's options stays; typed text may be about the user. */
function answerShown(
  a: ReplayHitl['attributes'][number],
  redact: boolean,
  scrub: (s: string) => string,
): ReplayHitl['attributes'][number]['value'] {
  if (typeof a.value !== 'string') return a.value;
  if (a.options?.some((o) => o.id === a.value)) return a.value;
  return redact ? REDACTED : scrub(a.value);
}

export type SharedReplay =
  | { state: 'active'; replay: ReplayData }
  | { state: 'expired' | 'revoked' | 'unknown' }
  | { state: 'rate_limited'; retryAfter: number };

/** What a share page shows for a token: the replay as the link allows it, or why not. */
export async function openSharedReplay(
  ctx: ConsoleContext,
  token: string,
  headers: Headers,
): Promise<SharedReplay> {
  const retryAfter = shareOpenWait(ctx, headers);
  if (retryAfter > 0) return { state: 'rate_limited', retryAfter };
  const link = await resolveShareLink(ctx, token);
  if (link.state !== 'active') return link;
  const [replay, internal] = await Promise.all([
    loadReplay(ctx, link.conversationId),
    internalIdentifiers(ctx.db, link.conversationId),
  ]);
  return { state: 'active', replay: redactReplay(replay, { redact: link.redact, internal }) };
}
