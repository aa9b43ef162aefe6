import type { APIRequestContext } from '@playwright/test';
import { SIM_URL } from './fixtures';
import { expect, type EndUser } from './pages';

export { expect };

/** Every lead spec walks a whole flow end to end; give each a generous budget. */
export const FLOW_TIMEOUT = 180_000;

/** A unique id per call, so specs never trip over each other's data. */
export const uid = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function simProcedures(
  request: APIRequestContext,
): Promise<{ id: string; name: string; live: boolean; api_trigger: boolean }[]> {
  const res = await request.get(`${SIM_URL}/_sim/procedures`);
  expect(res.ok()).toBe(true);
  return (
    (await res.json()) as { procedures: { id: string; name: string; live: boolean; api_trigger: boolean }[] }
  ).procedures;
}

/** Starts a run through the console's proxy (no UI), for setting up lists. */
export async function startRun(
  request: APIRequestContext,
  procedureId: string,
  conversationId: string,
  user: EndUser,
) {
  const res = await request.post(`/api/fin/procedures/${procedureId}/run`, {
    data: { conversation_id: conversationId, user },
  });
  expect(res.status(), await res.text()).toBe(200);
}
