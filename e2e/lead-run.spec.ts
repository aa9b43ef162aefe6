import { checkpoint, simControl, test } from './fixtures';
import { expect, FLOW_TIMEOUT, simProcedures, uid } from './lead-helpers';

test.describe.configure({ timeout: FLOW_TIMEOUT });

test.afterEach(async () => {
  await simControl('faults', undefined, 'DELETE');
});

test('run a procedure: the timeline streams to completion, CSAT is recorded, the inspector shows the call', async ({
  page,
  context,
  catalogue,
  conversation,
}, testInfo) => {
  await catalogue.open();
  await catalogue.pickUser({ id: uid('run-order'), name: 'Omar Order' });
  const dialog = await catalogue.openRun('Order status');
  await expect(dialog.getByLabel('Conversation id')).toHaveValue(/^conv-[0-9a-f]{12}$/);
  await checkpoint(page, testInfo, 'run-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  const id = await catalogue.run('Order status', { message: 'Where is my order?' });

  await expect(page.getByRole('heading', { level: 1, name: 'Order status' })).toBeVisible();
  await expect(conversation.timeline().getByText('out for delivery')).toBeVisible();
  await conversation.expectStatus('Complete');
  await expect(conversation.timeline().getByText('Where is my order?')).toBeVisible();
  await expect(conversation.timeline().getByText('Fin is done — control is back with you')).toBeVisible();
  // The streamed draft was replaced by the final message: one Fin message, no "typing…".
  await expect(conversation.timeline().locator('[data-kind="fin"]')).toHaveCount(1);
  await expect(conversation.timeline().locator('[data-kind="fin-draft"]')).toHaveCount(0);
  await expect(conversation.timeline().getByRole('link', { name: 'orders page' })).toBeVisible();
  // Order status never asks the user anything: that step reads as skipped, the rest as done.
  const progress = page.getByRole('list', { name: 'Progress' });
  await expect(progress.locator('[data-state="done"]')).toHaveCount(4);
  await expect(progress.locator('[data-state="skipped"]')).toHaveText(/Awaiting user reply/);

  const csat = page.getByRole('form', { name: 'Rate this conversation' });
  await expect(csat).toBeVisible();
  await checkpoint(page, testInfo, 'run-complete-csat');
  await csat.getByRole('button', { name: 'Amazing' }).click();
  await expect(csat.getByRole('button', { name: 'Amazing' })).toHaveAttribute('aria-pressed', 'true');
  await csat.getByLabel('Remark (optional)').fill('Quick and clear');
  await csat.getByRole('button', { name: 'Submit rating' }).click();
  await expect(page.getByTestId('csat-result')).toContainText('Rated: Amazing');
  await expect(page.getByTestId('csat-result')).toContainText('Quick and clear');
  await expect(csat).toHaveCount(0);

  const calls = page.getByRole('list', { name: 'API calls' });
  const runCall = calls.getByTestId('api-call').filter({ hasText: `/fin/procedures/` });
  await expect(runCall).toHaveCount(1);
  await runCall.getByRole('button', { name: /POST/ }).click();
  await expect(runCall.getByLabel('Request body')).toContainText(`"conversation_id": "${id}"`);
  await runCall.getByRole('tab', { name: 'Response' }).click();
  await expect(runCall.getByLabel('Response body')).toContainText('"status": "thinking"');
  await runCall.getByRole('tab', { name: 'curl' }).click();
  const curl = (await runCall.getByLabel('curl command').textContent()) ?? '';
  expect(curl).toContain('Authorization: Bearer $FIN_AGENT_API_KEY');
  expect(curl).toContain('Intercom-Version: Preview');
  await runCall.getByRole('tab', { name: 'Request' }).click();
  await expect(runCall.getByTestId('call-version')).toHaveText('Intercom-Version: Preview');
  await runCall.getByRole('tab', { name: 'curl' }).click();
  expect(curl).toContain('/fin/procedures/');
  expect(curl).not.toContain('sim-token');
  expect(curl).not.toMatch(/accessToken=(?!\[redacted\])/);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await runCall.getByRole('button', { name: 'Copy as curl' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(curl);
  await expect(calls.getByTestId('api-call').filter({ hasText: '/fin/csat' })).toHaveCount(1);
  await checkpoint(page, testInfo, 'run-inspector');
});

test('awaiting the user: the reply composer continues the run to the end', async ({
  page,
  catalogue,
  conversation,
}, testInfo) => {
  // One attribute the workspace knows and one it does not: Fin warns about the second.
  await catalogue.runFor({ id: uid('run-reset') }, 'Reset password', {
    attributes: { channel: 'web', bogus_attr: 'x' },
  });
  await conversation.expectStatus('Awaiting user reply');
  const warning = conversation.timeline().locator('[data-kind="warnings"]');
  await expect(warning).toContainText('Fin ignored some attributes');
  await expect(warning).toContainText(
    "conversation attribute bogus_attr: Conversation attribute 'bogus_attr' does not exist",
  );
  await expect(warning).not.toContainText('channel');
  await expect(conversation.timeline().getByText('Which email address do you use to sign in?')).toBeVisible();
  await expect(conversation.composer()).toBeVisible();
  await checkpoint(page, testInfo, 'awaiting-reply');

  await conversation.composer().getByRole('button', { name: 'Send reply' }).click();
  await expect(conversation.composer().getByText('Write the user’s reply')).toBeVisible();
  await conversation.composer().getByRole('button', { name: 'Add attachment' }).click();
  await conversation.composer().getByLabel('Attachment 1 URL').fill('not a url');
  await conversation.reply('reset-me@example.com');
  await expect(conversation.composer().getByText(/Enter a full URL/)).toBeVisible();
  await conversation.composer().getByRole('button', { name: 'Remove attachment 1' }).click();
  await conversation.composer().getByRole('button', { name: 'Send reply' }).click();

  await expect(
    conversation.timeline().locator('[data-kind="user"]').getByText('reset-me@example.com', { exact: true }),
  ).toBeVisible();
  await expect(conversation.timeline().getByText(/sent a reset link to/)).toBeVisible();
  await conversation.expectStatus('Complete');
  await expect(conversation.composer()).toHaveCount(0);
  await checkpoint(page, testInfo, 'reply-complete');
});

test('Fin API errors show in the run dialog with what to do next', async ({
  page,
  request,
  catalogue,
}, testInfo) => {
  const draft = (await simProcedures(request)).find((p) => !p.live && p.api_trigger);
  expect(draft, 'the simulator seeds a procedure that is not live').toBeTruthy();

  await catalogue.open();
  await catalogue.pickUser({ id: uid('run-errors') });

  await page.getByRole('button', { name: 'Run by id' }).click();
  let dialog = page.getByRole('dialog', { name: 'Run a procedure by id' });
  await dialog.getByLabel('Procedure id').fill(draft!.id);
  await dialog.getByRole('button', { name: 'Run procedure' }).click();
  const notLive = dialog.getByRole('alert').filter({ hasText: 'Procedure is not live' });
  await expect(notLive).toBeVisible();
  await expect(notLive).toContainText('Set it live in Intercom');
  await checkpoint(page, testInfo, 'run-error-not-live');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  const id = await catalogue.run('Order status');
  await page.goBack();
  dialog = await catalogue.openRun('Order status');
  await dialog.getByLabel('Conversation id').fill(id);
  await dialog.getByRole('button', { name: 'Run procedure' }).click();
  const exists = dialog.getByRole('alert').filter({ hasText: 'Fin session already exists' });
  await expect(exists).toBeVisible();
  await checkpoint(page, testInfo, 'run-error-session-exists');

  // "Use a new conversation id" clears the error with a fresh id.
  await exists.getByRole('button', { name: 'Use a new conversation id' }).click();
  await expect(dialog.getByLabel('Conversation id')).not.toHaveValue(id);
  await expect(exists).toHaveCount(0);
  await dialog.getByLabel('Conversation id').fill(id);
  await dialog.getByRole('button', { name: 'Run procedure' }).click();
  await dialog.getByRole('link', { name: 'Open the existing conversation' }).click();
  await expect(page).toHaveURL(new RegExp(`/conversations/${id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Order status' })).toBeVisible();
});

test('a reload mid-run shows the whole timeline again, including the HITL pause', async ({
  page,
  catalogue,
  conversation,
}, testInfo) => {
  await catalogue.runFor({ id: uid('run-reload') }, 'Refund request');
  await conversation.expectStatus('Awaiting user reply');
  await conversation.reply('A-1234');
  const hitl = conversation.timeline().getByRole('link', { name: 'Answer in the HITL inbox' });
  await expect(hitl).toBeVisible({ timeout: 20_000 });
  await expect(hitl).toHaveAttribute('href', /^\/inbox\/.+/);
  const before = await conversation.timeline().getByRole('listitem').allInnerTexts();

  await page.reload();
  await expect(conversation.timeline().getByText('I can help with a refund.')).toBeVisible();
  await expect(
    conversation.timeline().getByText("What's the order number you'd like refunded?"),
  ).toBeVisible();
  await expect(
    conversation.timeline().locator('[data-kind="user"]').getByText('A-1234', { exact: true }),
  ).toBeVisible();
  await expect(conversation.timeline().getByText(/checking with our billing team/)).toBeVisible();
  await expect(hitl).toBeVisible();
  await expect(conversation.connection()).toHaveText('Live');
  const after = await conversation.timeline().getByRole('listitem').allInnerTexts();
  expect(after.filter((t) => !t.includes('Fin is working'))).toEqual(
    before.filter((t) => !t.includes('Fin is working')),
  );
  await expect(page.getByText(/Paused until a teammate answers the step/)).toBeVisible();
  await expect(conversation.timeline().getByText('Fin is working…')).toHaveCount(0);
  await checkpoint(page, testInfo, 'reload-hitl-pending');
});

test('a stream dropped mid-run still ends with the whole timeline', async ({
  page,
  catalogue,
  conversation,
}, testInfo) => {
  await simControl('faults', { drop_stream_after: 2 });
  await catalogue.runFor({ id: uid('run-drop') }, 'Order status');
  await conversation.expectStatus('Complete', 30_000);
  await expect(conversation.timeline().getByText('out for delivery')).toBeVisible();
  await expect(conversation.timeline().locator('[data-kind="fin"]')).toHaveCount(1);
  await expect(conversation.timeline().locator('[data-kind="fin-draft"]')).toHaveCount(0);
  await expect(conversation.timeline().locator('[data-kind="status"]')).toHaveCount(2);
  await checkpoint(page, testInfo, 'dropped-stream-complete');
});
