/** Share links through the route handlers: tokens stored hashed, lifetimes bounded, leads only, refusals told apart. */
import { describe, expect, it } from 'vitest';
import type { CreatedShareLink, ShareLinkView } from '@/lib/console/share-links';
import * as createRoute from '@/app/api/conversations/[id]/share-links/route';
import * as listRoute from '@/app/api/share-links/route';
import * as revokeRoute from '@/app/api/share-links/[id]/revoke/route';
import { sha256Hex } from '../auth/secrets';
import { listAudit } from '../db/records';
import { resolveShareLink } from '../share-links';
import {
  actingAs,
  countingStore,
  getRequest,
  harnessPerFile,
  ingestEscalated,
  jsonRequest,
  params,
  uid,
  type As,
} from '@/testing/server/harness';

const h = harnessPerFile({ webhooks: false });

async function conversation(): Promise<string> {
  const id = uid('conv');
  await ingestEscalated(await h.ctx(), id);
  return id;
}

async function create(conversationId: string, body: unknown, as?: As) {
  const res = await createRoute.POST(
    jsonRequest(`/api/conversations/${conversationId}/share-links`, body, as === undefined ? {} : { as }),
    params({ id: conversationId }),
  );
  return { status: res.status, body: (await res.json()) as CreatedShareLink };
}

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

const revoke = (id: string, as?: As) =>
  revokeRoute.POST(
    jsonRequest(`/api/share-links/${id}/revoke`, {}, as === undefined ? {} : { as }),
    params({ id }),
  );

async function listed(id: string): Promise<ShareLinkView | undefined> {
  const res = await listRoute.GET(getRequest('/api/share-links'), params({}));
  return ((await res.json()) as { links: ShareLinkView[] }).links.find((l) => l.id === id);
}

describe('making a share link', () => {
  it('answers a URL with a 256-bit token once, and stores only its hash', async () => {
    const id = await conversation();
    const { status, body } = await create(id, { expires_in_hours: 24 });
    expect(status).toBe(201);
    expect(body.url).toMatch(/^http:\/\/console\.test\/share\/[A-Za-z0-9_-]{43}$/);
    expect(body.link).toMatchObject({ conversation_id: id, redact: true, status: 'active', view_count: 0 });
    expect(JSON.stringify(body.link)).not.toContain(tokenOf(body.url));

    const token = tokenOf(body.url);
    const { db } = await h.ctx();
    const rows = await db.query<Record<string, unknown>>('SELECT * FROM share_links WHERE id = $1', [
      body.link.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(sha256Hex(token));
    const everything = JSON.stringify([
      ...(await db.query('SELECT * FROM share_links')),
      ...(await db.query('SELECT * FROM audit_log')),
    ]);
    expect(everything).not.toContain(token);
  });

  it('gives each link its own token', async () => {
    const id = await conversation();
    const a = await create(id, { expires_in_hours: 1 });
    const b = await create(id, { expires_in_hours: 1 });
    expect(tokenOf(a.body.url)).not.toBe(tokenOf(b.body.url));
  });

  it('lives 1 hour to 30 days: anything else is a 400 error.list naming the field', async () => {
    const id = await conversation();
    for (const hours of [0, 721, 1.5, '24', -1, null]) {
      const { status, body } = await create(id, { expires_in_hours: hours });
      expect(status, String(hours)).toBe(400);
      expect(body).toMatchObject({ type: 'error.list', errors: [{ field: 'expires_in_hours' }] });
    }
    const before = Date.now();
    const { body } = await create(id, { expires_in_hours: 720, redact: false });
    expect(Date.parse(body.link.expires_at)).toBeGreaterThanOrEqual(before + 720 * 3600_000 - 1000);
    expect(body.link.redact).toBe(false);
  });

  it('is refused for a conversation that does not exist', async () => {
    const { status, body } = await create('no-such-conversation', { expires_in_hours: 1 });
    expect(status).toBe(404);
    expect(body).toMatchObject({ type: 'error.list', errors: [{ code: 'not_found' }] });
  });

  it('is for leads only: agents and viewers get 403 making, listing and revoking', async () => {
    const id = await conversation();
    const made = await create(id, { expires_in_hours: 1 });
    for (const role of ['viewer', 'agent'] as const) {
      const as = await actingAs(h, `Share ${role}`, role);
      expect((await create(id, { expires_in_hours: 1 }, as)).status).toBe(403);
      expect((await revoke(made.body.link.id, as)).status).toBe(403);
      const list = await listRoute.GET(getRequest('/api/share-links', { as }), params({}));
      expect(list.status).toBe(403);
    }
    expect((await listed(made.body.link.id))?.status).toBe('active');
    expect((await create(id, { expires_in_hours: 1 }, null)).status).toBe(401);
  });

  it('is audit-logged when made and revoked', async () => {
    const id = await conversation();
    const { body } = await create(id, { expires_in_hours: 1 });
    await revoke(body.link.id);
    const audit = await listAudit((await h.ctx()).db, body.link.id);
    expect(audit.map((a) => a.action).sort()).toEqual(['share.create', 'share.revoke']);
  });
});

describe('opening a share link', () => {
  it('opens while active, counting each view', async () => {
    const id = await conversation();
    const { body } = await create(id, { expires_in_hours: 1 });
    const ctx = await h.ctx();
    expect(await resolveShareLink(ctx, tokenOf(body.url))).toMatchObject({
      state: 'active',
      conversationId: id,
    });
    await resolveShareLink(ctx, tokenOf(body.url));
    expect(await listed(body.link.id)).toMatchObject({ view_count: 2 });
  });

  it('opens the conversation it was made for, never another', async () => {
    const [a, b] = [await conversation(), await conversation()];
    const linkA = await create(a, { expires_in_hours: 1 });
    const linkB = await create(b, { expires_in_hours: 1 });
    const ctx = await h.ctx();
    expect(await resolveShareLink(ctx, tokenOf(linkA.body.url))).toMatchObject({ conversationId: a });
    expect(await resolveShareLink(ctx, tokenOf(linkB.body.url))).toMatchObject({ conversationId: b });
  });

  it('refuses an expired link as expired, without counting it', async () => {
    const id = await conversation();
    const { body } = await create(id, { expires_in_hours: 1 });
    const ctx = await h.ctx();
    await ctx.db.query("UPDATE share_links SET expires_at = now() - interval '1 second' WHERE id = $1", [
      body.link.id,
    ]);
    expect(await resolveShareLink(ctx, tokenOf(body.url))).toEqual({ state: 'expired' });
    expect(await listed(body.link.id)).toMatchObject({ status: 'expired', view_count: 0 });
  });

  it('refuses a revoked link as revoked, and says who revoked it in the list', async () => {
    const id = await conversation();
    const { body } = await create(id, { expires_in_hours: 1 });
    const res = await revoke(body.link.id);
    expect(res.status).toBe(200);
    expect((await revoke(body.link.id)).status).toBe(200);
    expect(await resolveShareLink(await h.ctx(), tokenOf(body.url))).toEqual({ state: 'revoked' });
    expect(await listed(body.link.id)).toMatchObject({ status: 'revoked', revoked_by: expect.any(String) });
    expect((await revoke('shr_no-such-link')).status).toBe(404);
  });

  it('refuses near-miss tokens, and malformed ones without asking the store', async () => {
    const id = await conversation();
    const { body } = await create(id, { expires_in_hours: 1 });
    const token = tokenOf(body.url);
    const ctx = await h.ctx();
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const near of [flipped, token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()]) {
      expect(await resolveShareLink(ctx, near)).toEqual({ state: 'unknown' });
    }
    const { counted, statements } = countingStore(ctx.db);
    for (const bad of [
      token.slice(0, -1),
      `${token}A`,
      `${token.slice(0, -1)}.`,
      '',
      'x'.repeat(10_000),
      sha256Hex(token),
    ]) {
      expect(await resolveShareLink({ db: counted }, bad)).toEqual({ state: 'unknown' });
    }
    expect(statements()).toBe(0);
    expect(await listed(body.link.id)).toMatchObject({ view_count: 0 });
  });
});
