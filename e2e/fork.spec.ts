import { checkpoint, pendingStepOf, test } from './fixtures';
import { expect, FLOW_TIMEOUT, uid } from './lead-helpers';
import { fillRefund } from './pages';

test.describe.configure({ timeout: FLOW_TIMEOUT });

test('what if: fork a declined refund at its HITL step, approve it, and compare the two runs', async ({
  page,
  request,
  catalogue,
  conversation,
  compare,
}, testInfo) => {
  const order = `F-${Date.now().toString(36)}`;
  await catalogue.open();
  await catalogue.pickUser({ id: uid('fork'), name: 'Fiona Fork' });
  const id = await catalogue.run('Refund request', { message: 'I would like a refund' });
  await conversation.expectStatus('Awaiting user reply');
  await conversation.reply(order);

  const step = await pendingStepOf(request, id);
  await page.goto(`/inbox/${step.step_id}`);
  await fillRefund(page, { approve: 'No', reason: 'Changed mind', amount: '12' });
  await page.getByRole('button', { name: 'Send answer' }).click();
  await expect(page.getByText('The run continues', { exact: true })).toBeVisible();

  await page.goto(`/conversations/${id}`);
  await expect(conversation.timeline().getByText(/able to approve this refund/)).toBeVisible();
  const whatIf = page.getByRole('button', { name: /^What if…/ });
  await expect(whatIf).toBeVisible();
  await expect(page.getByText('Answered Approve refund: No')).toBeVisible();
  await checkpoint(page, testInfo, 'fork-run-finished');

  await whatIf.click();
  const dialog = page.getByRole('dialog', { name: 'What if…' });
  const approve = dialog.getByRole('radiogroup', { name: 'Approve refund' });
  await expect(approve.getByRole('radio', { name: 'No' })).toBeChecked();
  await expect(dialog.getByLabel('Refund amount (USD)')).toHaveValue('12');
  await approve.getByRole('radio', { name: 'Yes' }).check();
  await checkpoint(page, testInfo, 'fork-dialog');
  await dialog.getByRole('button', { name: 'Run with this answer' }).click();

  await expect(page).toHaveURL(new RegExp(`/conversations/${id}/compare/scn-fork-[0-9a-f]{12}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'What if: Refund request' })).toBeVisible();
  await expect(page.getByText('replaying', { exact: true })).toHaveCount(0, { timeout: 30_000 });
  await expect(compare.firstDifference()).toContainText('Original: “Should we approve the refund');
  await expect(compare.firstDifference()).toContainText('Approve refund: No');
  await expect(compare.firstDifference()).toContainText('Approve refund: Yes');
  await expect(compare.divergence()).toHaveCount(1);
  await expect(compare.divergence()).toContainText('First difference');
  expect(await compare.shared().count()).toBeGreaterThanOrEqual(4);
  await expect(compare.rows().filter({ hasText: 'has been approved' })).toHaveCount(1);
  await expect(compare.rows().filter({ hasText: 'approve this refund' })).toHaveCount(1);
  await checkpoint(page, testInfo, 'fork-compare');

  await page.getByRole('link', { name: 'Back to the run' }).click();
  const forks = page.getByRole('list', { name: 'Forks of this run' });
  await expect(forks.getByRole('link', { name: /^Compare/ })).toHaveCount(1);
});
