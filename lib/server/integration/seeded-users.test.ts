import { describe, expect, it } from 'vitest';
import * as seededRoute from '@/app/api/end-users/seeded/route';
import { SEED_USERS } from '@/lib/sim/seed-users';
import { actingAs, getRequest, harnessPerFile, params } from '@/testing/server/harness';

const ask = (as?: Awaited<ReturnType<typeof actingAs>>) =>
  seededRoute.GET(getRequest('/api/end-users/seeded', as ? { as } : {}), params({}));

describe('seeded end users in demo mode', () => {
  const h = harnessPerFile({ demoAccounts: true });

  it('lists the simulator seed to any viewer, and nothing without credentials', async () => {
    const res = await ask(await actingAs(h, 'Vera Viewer', 'viewer'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(SEED_USERS);
    expect(
      (await seededRoute.GET(getRequest('/api/end-users/seeded', { as: null }), params({}))).status,
    ).toBe(401);
  });

  it('says the simulator cannot be reached when it is down', async () => {
    await h.sim.close();
    const res = await ask();
    expect(res.status).toBe(502);
    expect((await res.json()).errors[0].message).toBe('The simulator could not be reached');
  });
});

describe('seeded end users outside demo mode', () => {
  harnessPerFile({ demoAccounts: false });

  it('answers an empty list, not an error', async () => {
    const res = await ask();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });
});
