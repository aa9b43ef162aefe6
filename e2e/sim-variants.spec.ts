import type { Conversation } from '@/lib/console/types';
import { expectAccessible, pendingStepOf, simControl, snap, test } from './fixtures';
import { expect, FLOW_TIMEOUT, CataloguePage, ConversationPage, uid } from './lead-helpers';

/**
 * The main lead and HITL flows against the simulator's realism setting (null and extra fields,
 * unknown events, enveloped SSE events, minimal HITL notifications, an empty callback answer, no
 * stream URL on ask, cycles that start before anyone subscribes). Runs only with
 * E2E_SIM_VARIANTS=1, which starts the simulator with FIN_SIM_VARIANTS=1.
 */
test.describe.configure({ timeout: FLOW_TIMEOUT });

test.beforeAll(async () => {
  const state = (await simControl('variants', undefined, 'GET')) as { enabled: boolean };
  expect(state.enabled, 'the simulator runs with FIN_SIM_VARIANTS=1').toBe(true);
});

test('run a procedure to completion while Fin sends what real workspaces may', async ({ page }, testInfo) => {
  const catalogue = new CataloguePage(page);
  await catalogue.open();
  await catalogue.pickUser({ id: uid('variants-order'), name: 'Vic Variant' });
  await catalogue.run('Order status', { message: 'Where is my order?' });
  const conv = new ConversationPage(page);
  await expect(conv.timeline().getByText('out for delivery')).toBeVisible();
  await conv.expectStatus('Complete');
  await expect(conv.timeline().getByText('Where is my order?')).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'variants-run-complete');
});

test('the reply composer continues a run whose reply cycle starts before anyone subscribes', async ({
  page,
}, testInfo) => {
  const catalogue = new CataloguePage(page);
  await catalogue.open();
  await catalogue.pickUser({ id: uid('variants-reset') });
  await catalogue.run('Reset password');
  const conv = new ConversationPage(page);
  await conv.expectStatus('Awaiting user reply');
  await conv.reply('variant@example.com');
  await expect(conv.timeline().getByText(/sent a reset link to/)).toBeVisible();
  await conv.expectStatus('Complete');
  await snap(page, testInfo, 'variants-reply-complete');
});

test('a minimal HITL notification with an unknown attribute type is answered and the run completes', async ({
  page,
  request,
}, testInfo) => {
  const catalogue = new CataloguePage(page);
  await catalogue.open();
  await catalogue.pickUser({ id: uid('variants-refund'), name: 'Rita Refund' });
  const id = await catalogue.run('Refund request');
  const conv = new ConversationPage(page);
  await conv.expectStatus('Awaiting user reply');
  await conv.reply('Order #V-1');

  // Found by the run's Intercom conversation id, which the notification names as its conversation_id.
  const step = await pendingStepOf(request, id);

  await page.goto(`/inbox/${step.step_id}`);
  await page.getByRole('radiogroup', { name: 'Approve refund' }).getByRole('radio', { name: 'Yes' }).check();
  await page
    .getByRole('radiogroup', { name: 'Refund reason' })
    .getByRole('radio', { name: 'Defective product' })
    .check();
  await page.getByLabel('Refund amount (USD)').fill('19.99');
  // The attribute of a type no reference lists is offered as labelled free text.
  await page.getByLabel('Supporting document').fill('receipt.pdf');
  await expectAccessible(page);
  await snap(page, testInfo, 'variants-step-filled');
  await page.getByRole('button', { name: 'Send answer' }).click();
  await expect(page.getByText('The run continues', { exact: true })).toBeVisible();

  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/conversations/${encodeURIComponent(id)}`);
        return res.ok() ? ((await res.json()) as { conversation: Conversation }).conversation.status : null;
      },
      { timeout: 20_000, message: 'the run reaches its end' },
    )
    .toMatch(/^(resolved|complete)$/);
});
