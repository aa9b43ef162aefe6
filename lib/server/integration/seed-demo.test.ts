import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Conversation, ConversationDetail, HitlStep } from '@/lib/console/types';
import { seedDemo } from '@/scripts/seed-demo.mjs';
import { ADMIN_TOKEN, harnessPerFile } from '@/testing/server/harness';
import { serveRoutes } from '@/testing/server/route-server';

harnessPerFile({ demoAccounts: true });
let server: Awaited<ReturnType<typeof serveRoutes>>;
beforeAll(async () => void (server = await serveRoutes()));
afterAll(() => server?.close());

const get = async <T>(path: string): Promise<T> =>
  (
    await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).json() as Promise<T>;

it('leaves a HITL decision, an escalation and a rated conversation, and adds nothing on a second run', async () => {
  const lines: string[] = [];
  await seedDemo(server.base, ADMIN_TOKEN, {
    timeoutMs: 20_000,
    pollMs: 50,
    log: (l: string) => lines.push(l),
  });
  expect(lines).toEqual([
    expect.stringMatching(/^\[seed\] 3 runs left in progress, a question, and 3 of 3 finished stories/),
  ]);

  const conversations = await get<Conversation[]>('/api/conversations');
  const byId = (suffix: string) => conversations.find((c) => c.id.endsWith(suffix))!;
  const callback = byId('-callback');
  expect(callback.procedure_name).toBe('Priority callback');
  expect(['resolved', 'complete']).toContain(callback.status);
  expect(callback.user.attributes).toMatchObject({ vip: true });
  const answered = await get<HitlStep[]>('/api/hitl-steps?status=answered');
  expect(answered.find((s) => s.external_conversation_id === callback.id)).toMatchObject({
    status: 'submitted',
  });

  const dispute = await get<ConversationDetail>(`/api/conversations/${byId('-dispute').id}`);
  expect(dispute.conversation.procedure_name).toBe('Billing dispute');
  expect(dispute.events.map((e) => e.event)).toContainEqual(
    expect.objectContaining({ event_name: 'fin_status_updated', status: 'escalated' }),
  );

  const rated = await get<ConversationDetail>(`/api/conversations/${byId('-order').id}`);
  expect(rated.events.map((e) => e.event)).toContainEqual(
    expect.objectContaining({ event_name: 'console_csat_submitted', rating: 'amazing' }),
  );
  expect(conversations).toHaveLength(7);

  await seedDemo(server.base, ADMIN_TOKEN, { log: (l: string) => lines.push(l) });
  expect(await get<Conversation[]>('/api/conversations')).toHaveLength(7);
  expect(lines).toHaveLength(1);
}, 60_000);
