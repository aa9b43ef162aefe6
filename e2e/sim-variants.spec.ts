import type { Conversation } from '@/lib/console/types';
import { checkpoint, pendingStepOf, simControl, snap, test } from './fixtures';
import { expect, FLOW_TIMEOUT, uid } from './lead-helpers';
import { fillRefund } from './pages';

/** The main flows against the simulator's realism setting; runs only with E2E_SIM_VARIANTS=1. */
test.describe.configure({ timeout: FLOW_TIMEOUT });

test.beforeAll(async () => {
  const state = (await simControl('variants', undefined, 'GET')) as { enabled: boolean };
  expect(state.enabled, 'the simulator runs with FIN_SIM_VARIANTS=1').toBe(true);
});

test('run a procedure to completion while Fin sends what real workspaces may', async ({
  page,
  catalogue,
  conversation,
}, testInfo) => {
  await catalogue.runFor({ id: uid('variants-order'), name: 'Vic Variant' }, 'Order status', {
    message: 'Where is my order?',
  });
  await expect(conversation.timeline().getByText('out for delivery')).toBeVisible();
  await conversation.expectStatus('Complete');
  await expect(conversation.timeline().getByText('Where is my order?')).toBeVisible();
  await checkpoint(page, testInfo, 'variants-run-complete');
});

test('the reply composer continues a run whose reply cycle starts before anyone subscribes', async ({
  page,
  catalogue,
  conversation,
}, testInfo) => {
  await catalogue.runFor({ id: uid('variants-reset') }, 'Reset password');
  await conversation.expectStatus('Awaiting user reply');
  await conversation.reply('variant@example.com');
  await expect(conversation.timeline().getByText(/sent a reset link to/)).toBeVisible();
  await conversation.expectStatus('Complete');
  await snap(page, testInfo, 'variants-reply-complete');
});

test('a minimal HITL notification with an unknown attribute type is answered and the run completes', async ({
  page,
  request,
  catalogue,
  conversation,
}, testInfo) => {
  const id = await catalogue.runFor({ id: uid('variants-refund'), name: 'Rita Refund' }, 'Refund request');
  await conversation.expectStatus('Awaiting user reply');
  await conversation.reply('Order #V-1');

  // Found by the run's Intercom conversation id, which the notification names as its conversation_id.
  const step = await pendingStepOf(request, id);

  await page.goto(`/inbox/${step.step_id}`);
  await fillRefund(page, { approve: 'Yes', reason: 'Defective product', amount: '19.99' });
  // The attribute of a type no reference lists is offered as labelled free text.
  await page.getByLabel('Supporting document').fill('receipt.pdf');
  await checkpoint(page, testInfo, 'variants-step-filled');
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
