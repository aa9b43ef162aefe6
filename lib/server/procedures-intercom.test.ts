/** Outside demo mode the console holds no procedure definitions: they are managed in Intercom. */
import { describe, expect, it } from 'vitest';
import { errorListSchema } from '@/lib/fin';
import * as itemRoute from '@/app/api/procedures/[id]/route';
import * as listRoute from '@/app/api/procedures/route';
import { getRequest, harnessPerFile, jsonRequest, params } from '@/testing/server/harness';

harnessPerFile({ demoAccounts: false });

describe('procedure routes outside demo mode', () => {
  it('list none and say Intercom manages them; writes are refused', async () => {
    const res = await listRoute.GET(getRequest('/api/procedures'), params({}));
    expect(await res.json()).toEqual({ managedBy: 'intercom', procedures: [] });
    const write = await listRoute.POST(
      jsonRequest('/api/procedures', {
        name: 'x',
        live: true,
        api_trigger: true,
        steps: [{ id: 'a', kind: 'resolve' }],
      }),
      params({}),
    );
    expect(write.status).toBe(409);
    expect(errorListSchema.parse(await write.json()).errors[0]?.message).toMatch(/managed in Intercom/);
    expect((await itemRoute.GET(getRequest('/api/procedures/41001'), params({ id: '41001' }))).status).toBe(
      409,
    );
  });
});
