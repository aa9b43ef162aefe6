import { createHmac, randomUUID } from 'node:crypto';
import type { APIRequestContext, Locator } from '@playwright/test';
import { expect, expectAccessible, snap, test } from './fixtures';

// The stack's events secret (scripts/stack.mjs); events arrive as Fin sends them, signed.
const SECRET = process.env.FIN_SIM_EVENTS_SECRET ?? 'sim-events-secret';
const COUNT = 600;

test.use({ trace: 'off' });

async function sendReply(request: APIRequestContext, conversationId: string, n: number) {
  const at = new Date(Date.parse('2026-01-01T00:00:00Z') + n * 1000).toISOString();
  const body = JSON.stringify({
    event_name: 'fin_replied',
    conversation_id: conversationId,
    user_id: 'e2e-timeline-user',
    message: { id: `m-${n}`, author: 'fin', body: `<p>Reply number ${n}.</p>`, timestamp_ms: at },
    status: 'replying',
    created_at_ms: at,
  });
  const res = await request.post('/api/webhooks/intercom', {
    data: body,
    headers: {
      'content-type': 'application/json',
      'x-fin-agent-api-webhook-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
  });
  expect(res.status()).toBe(200);
}

/** Whether the row shows inside the timeline's scroll box (the page itself may be taller). */
const inView = (row: Locator) =>
  row.evaluate((el) => {
    const box = el.closest('[role="log"]')!.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.bottom > box.top && r.top < box.bottom;
  });

test('a long timeline stays a short DOM, follows new events at the bottom and leaves a reader who scrolled up in place', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const id = `e2e-timeline-${randomUUID()}`;
  await sendReply(request, id, 0);
  for (let i = 1; i < COUNT; i += 10)
    await Promise.all(
      Array.from({ length: Math.min(10, COUNT - i) }, (_, k) => sendReply(request, id, i + k)),
    );

  await page.goto(`/conversations/${id}`);
  const log = page.getByRole('log', { name: 'Timeline' });
  const rows = log.getByRole('listitem');
  const reply = (n: number) => log.getByText(`Reply number ${n}.`, { exact: true });

  await expect(reply(COUNT - 1)).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => inView(reply(COUNT - 1))).toBe(true);
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(COUNT));
  expect(await rows.count()).toBeLessThan(60);

  await sendReply(request, id, COUNT);
  await expect(reply(COUNT)).toBeVisible();
  await expect.poll(() => inView(reply(COUNT))).toBe(true);

  // Scrolled up to the first event, an arrival does not move the view.
  await log.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(reply(0)).toBeVisible();
  await sendReply(request, id, COUNT + 1);
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(COUNT + 2));
  expect(await inView(reply(0))).toBe(true);
  expect(await log.evaluate((el) => el.scrollTop)).toBe(0);

  await log.focus();
  await expect(log).toBeFocused();
  await page.keyboard.press('End');
  await expect(reply(COUNT + 1)).toBeVisible();
  await expect.poll(() => inView(reply(COUNT + 1))).toBe(true);

  await expectAccessible(page);
  await snap(page, testInfo, 'timeline-long');
});
