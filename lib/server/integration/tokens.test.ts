/** API tokens through the route handlers: lifetimes chosen at creation, and who made each one. */
import { describe, expect, it } from 'vitest';
import type { ApiTokenView } from '@/lib/console/auth';
import * as meRoute from '@/app/api/auth/me/route';
import * as tokensRoute from '@/app/api/tokens/route';
import { listAudit } from '../db/records';
import {
  actingAs,
  getRequest,
  jsonRequest,
  params,
  harnessPerFile,
  type As,
} from '@/testing/server/harness';

const h = harnessPerFile({ webhooks: false });

const none = params({});
const DAY = 24 * 60 * 60 * 1000;

async function create(body: unknown, as?: As) {
  const res = await tokensRoute.POST(jsonRequest('/api/tokens', body, as === undefined ? {} : { as }), none);
  return { status: res.status, body: (await res.json()) as { token: ApiTokenView; secret: string } };
}

const me = async (bearer: string) => meRoute.GET(getRequest('/api/auth/me', { as: { bearer } }), none);

async function listed(id: string): Promise<ApiTokenView | undefined> {
  const res = await tokensRoute.GET(getRequest('/api/tokens'), none);
  return ((await res.json()) as { tokens: ApiTokenView[] }).tokens.find((t) => t.id === id);
}

describe('API token expiry', () => {
  it('takes a lifetime in days at creation, shows it, and refuses the token once it has passed', async () => {
    const before = Date.now();
    const { status, body } = await create({ name: 'monthly report', expires_in_days: 30 });
    expect(status).toBe(201);
    const expiresAt = Date.parse(body.token.expires_at!);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    expect(body.token.expired).toBe(false);
    expect((await me(body.secret)).status).toBe(200);

    await (
      await h.ctx()
    ).db.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [
      body.token.id,
    ]);
    const refused = await me(body.secret);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ type: 'error.list', errors: [{ code: 'unauthorized' }] });
    expect(await listed(body.token.id)).toMatchObject({ expired: true, revoked_at: null });
  });

  it('keeps a token until revoked when no lifetime is given', async () => {
    for (const extra of [{}, { expires_in_days: null }]) {
      const { status, body } = await create({ name: 'no expiry', ...extra });
      expect(status).toBe(201);
      expect(body.token).toMatchObject({ expires_at: null, expired: false });
      expect((await me(body.secret)).status).toBe(200);
    }
  });

  it('refuses a lifetime that is not 1 to 365 whole days, naming the field', async () => {
    for (const days of [0, 366, 1.5, '30', -1]) {
      const res = await tokensRoute.POST(
        jsonRequest('/api/tokens', { name: 'x', expires_in_days: days }),
        none,
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        type: 'error.list',
        errors: [{ field: 'expires_in_days' }],
      });
    }
  });
});

describe('who made a token', () => {
  it('one made with the operations token says so, and acts under that name, not its free name', async () => {
    const { body } = await create({ name: 'Dana Lead' });
    expect(body.token).toMatchObject({ user_id: null, created_by: 'operations token', role: 'lead' });
    expect(await listed(body.token.id)).toMatchObject({ created_by: 'operations token' });

    const res = await me(body.secret);
    expect(await res.json()).toMatchObject({
      user: { id: null, name: 'operations token (Dana Lead)', role: 'lead' },
      via: 'token',
    });
    const made = await create({ name: 'made by a token' }, { bearer: body.secret });
    expect(made.status).toBe(201);
    const audit = await listAudit((await h.ctx()).db, made.body.token.id);
    expect(audit.map((a) => a.actor)).toEqual(['operations token (Dana Lead)']);
  });

  it('one made by a teammate names their account', async () => {
    const lead = await actingAs(h, 'Tess Lead', 'lead');
    const { body } = await create({ name: 'ci', expires_in_days: 7 }, lead);
    expect(body.token).toMatchObject({ created_by: 'Tess Lead', user_name: 'Tess Lead' });
  });
});
