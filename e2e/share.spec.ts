import type { APIRequestContext, Page } from '@playwright/test';
import type { Conversation } from '@/lib/console/types';
import { PROCEDURE_IDS } from '@/lib/sim/procedures';
import { checkpoint, pendingStepOf, test as base } from './fixtures';
import { uid } from './lead-helpers';
import { expect, ShareDialogPart, ShareLinksSettings } from './pages';

const test = base.extend<{ shareDialog: ShareDialogPart; shareLinks: ShareLinksSettings }>({
  shareDialog: async ({ page }, provide) => provide(new ShareDialogPart(page)),
  shareLinks: async ({ page }, provide) => provide(new ShareLinksSettings(page)),
});

const ORDER = 'ORD-55120';

async function statusOf(request: APIRequestContext, id: string) {
  const res = await request.get(`/api/conversations/${encodeURIComponent(id)}`);
  return ((await res.json()) as { conversation: Conversation }).conversation.status;
}

/** A finished refund run for a named user who typed an order number, approved by the lead. */
async function finishedRefund(request: APIRequestContext) {
  const conversationId = uid('e2e-share');
  const user = {
    id: uid('share-user'),
    name: 'Priya Raman',
    email: 'priya.raman@example.org',
    attributes: { plan_type: 'Pro', company: 'Raman Textiles' },
  };
  const run = await request.post(`/api/fin/procedures/${PROCEDURE_IDS.refund}/run`, {
    data: { conversation_id: conversationId, user },
  });
  expect(run.ok(), await run.text()).toBe(true);
  await expect.poll(() => statusOf(request, conversationId)).toBe('awaiting_user_reply');
  const reply = await request.post('/api/fin/reply', {
    data: { conversation_id: conversationId, user, message: { author: 'user', body: ORDER } },
  });
  expect(reply.ok(), await reply.text()).toBe(true);
  const step = await pendingStepOf(request, conversationId);
  const values = step.attributes.map((a) => ({
    identifier: a.identifier,
    value: a.data_type === 'boolean' ? true : a.data_type === 'list' ? a.options![0]!.id : 25,
  }));
  const submit = await request.post(`/api/hitl-steps/${step.step_id}/submit`, {
    data: { attribute_values: values },
  });
  expect(submit.ok(), await submit.text()).toBe(true);
  await expect.poll(() => statusOf(request, conversationId)).toMatch(/resolved|complete/);
  return { conversationId, user, step };
}

/** Steps the player to its last frame with the → key. */
async function stepToEnd(page: Page) {
  const next = page.getByRole('button', { name: 'Next' });
  for (let i = 0; i < 40 && (await next.isEnabled()); i++) await page.keyboard.press('ArrowRight');
  await expect(next).toBeDisabled();
}

test('a lead shares a redacted replay, a signed-out visitor watches it, and revoking it shuts it', async ({
  page,
  request,
  browser,
  shareDialog,
  shareLinks,
}, testInfo) => {
  test.setTimeout(180_000);
  const { conversationId, user, step } = await finishedRefund(request);

  await page.goto(`/conversations/${encodeURIComponent(conversationId)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Refund request' })).toBeVisible();
  const url = await shareDialog.makeLink({ expires: '7 days' });
  expect(url).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
  await checkpoint(page, testInfo, 'share-dialog-made');
  await page.keyboard.press('Escape');

  // A fresh browser with no session: the link is the only credential.
  const visitor = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    storageState: { cookies: [], origins: [] },
  });
  try {
    const shared = await visitor.newPage();
    const res = await shared.goto(url);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    await expect(shared.getByRole('heading', { level: 1, name: 'Refund request' })).toBeVisible();
    await expect(shared.getByText('for End user')).toBeVisible();
    const html = await shared.content();
    for (const secret of [
      conversationId,
      user.id,
      user.name,
      'Priya',
      user.email,
      'Raman Textiles',
      ORDER,
      step.step_id,
    ])
      expect(html, secret).not.toContain(secret);
    expect(await shared.locator('meta[name="robots"]').getAttribute('content')).toContain('noindex');
    expect(await shared.locator('a[href^="/"]').count()).toBe(0);
    await checkpoint(shared, testInfo, 'share-page-start');

    await stepToEnd(shared);
    await expect(
      shared.getByText('Should we approve the refund for order [redacted]?').first(),
    ).toBeVisible();
    const visible = await shared.locator('body').innerText();
    expect(visible).not.toContain(ORDER);
    expect(visible).toContain('[redacted]');
    await checkpoint(shared, testInfo, 'share-page-end');

    await shareLinks.open();
    await expect(shareLinks.row('Refund request').getByTestId('share-views')).toContainText('1');
    await checkpoint(page, testInfo, 'settings-share-links');
    await shareLinks.revoke('Refund request');
    await checkpoint(page, testInfo, 'settings-share-links-revoked');

    await shared.reload();
    await expect(shared.getByRole('heading', { level: 1, name: 'This link was revoked' })).toBeVisible();
    expect(await shared.content()).not.toContain('Refund request');
    await checkpoint(shared, testInfo, 'share-page-revoked');

    const unknown = await shared.goto(url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    expect(unknown?.status()).toBe(404);
    await expect(shared.getByRole('heading', { level: 1, name: 'This link does not exist' })).toBeVisible();
    await checkpoint(shared, testInfo, 'share-page-unknown');
  } finally {
    await visitor.close();
  }
});
