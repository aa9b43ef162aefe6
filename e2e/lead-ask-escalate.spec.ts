import { checkpoint, test } from './fixtures';
import { expect, FLOW_TIMEOUT, uid } from './lead-helpers';

test.describe.configure({ timeout: FLOW_TIMEOUT });

test('ask Fin: the answer streams into a conversation with no follow-up, then escalate it', async ({
  page,
  catalogue,
  conversation,
}, testInfo) => {
  await catalogue.open();
  await catalogue.pickUser({ id: uid('ask'), name: 'Ada Ask' });
  await page.getByRole('button', { name: 'Ask a question' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ask Fin' });
  await dialog.getByRole('button', { name: 'Ask Fin' }).click();
  await expect(dialog.getByText('Write the question for Fin')).toBeVisible();
  await dialog.getByLabel('Question').fill('How do I reset my password?');
  await dialog.getByRole('button', { name: 'Add earlier message' }).click();
  await dialog.getByLabel('Message 1 author').selectOption('agent');
  await dialog.getByLabel('Message 1 text').fill('Hi! How can I help?');
  await expect(dialog.getByText('(1/10)')).toBeVisible();
  await checkpoint(page, testInfo, 'ask-dialog');
  await dialog.getByRole('button', { name: 'Ask Fin' }).click();

  await expect(page).toHaveURL(/\/conversations\/ask-[0-9a-f]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Ask Fin' })).toBeVisible();
  await conversation.expectStatus('Complete');
  await expect(conversation.timeline().locator('[data-kind="fin"]').first()).toBeVisible();
  await expect(conversation.timeline().getByText('How do I reset my password?')).toBeVisible();
  await expect(page.getByText('Ask is one-shot: no follow-ups')).toBeVisible();
  await expect(conversation.composer()).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Progress' }).getByText('Awaiting user reply')).toHaveCount(0);
  await checkpoint(page, testInfo, 'ask-answered');

  await page.getByRole('button', { name: 'Escalate to a human' }).click();
  const escalate = page.getByRole('dialog', { name: 'Escalate to a human' });
  await escalate.getByLabel('Note for the team (internal)').fill('User wants a person');
  await expect(escalate.getByText('19 / 10,000 characters')).toBeVisible();
  await escalate.getByRole('button', { name: 'Escalate' }).click();
  await expect(escalate).toHaveCount(0);
  await expect(page.getByText('Escalated to a human')).toBeVisible();
  await expect(conversation.timeline().getByText(/Escalation requested from the console/)).toBeVisible();
  await expect(conversation.timeline().getByText(/^Escalated/)).toBeVisible({ timeout: 15_000 });
});

test('escalate an existing conversation from its view, with a live character count', async ({
  page,
  catalogue,
  conversation,
}, testInfo) => {
  await catalogue.runFor({ id: uid('esc-existing') }, 'Reset password');
  await conversation.expectStatus('Awaiting user reply');

  await page.getByRole('button', { name: 'Escalate', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Escalate to a human' });
  const note = dialog.getByLabel('Note for the team (internal)');
  await expect(dialog.getByText('0 / 10,000 characters')).toBeVisible();
  await note.fill('x'.repeat(10_001));
  await expect(dialog.getByText('10,001 / 10,000 characters — 1 over the limit')).toBeVisible();
  await dialog.getByRole('button', { name: 'Escalate' }).click();
  await expect(dialog.getByText('The note cannot be longer than 10,000 characters')).toBeVisible();
  await checkpoint(page, testInfo, 'escalate-too-long');
  await note.fill('Locked out, asked for a call');
  await dialog.getByRole('button', { name: 'Escalate' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /Status: (Escalated|Complete)/ })).toBeAttached({
    timeout: 15_000,
  });
  await expect(
    conversation.timeline().getByText('note: “Locked out, asked for a call”', { exact: false }),
  ).toBeVisible();
  await expect(page.getByRole('list', { name: 'Progress' }).getByText('Escalated')).toBeVisible();
  await checkpoint(page, testInfo, 'escalated-existing');
});

test('escalate on behalf of a user opens a new Intercom conversation and shows its id', async ({
  page,
  catalogue,
}, testInfo) => {
  await catalogue.open();
  await catalogue.pickUser({ id: uid('esc-user'), name: 'Eli Escalate', email: 'eli@example.com' });
  await page.getByRole('list', { name: 'Other actions' }).getByRole('button', { name: 'Escalate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Escalate' });
  await expect(dialog.getByRole('radio', { name: /A new conversation/ })).toBeChecked();
  await dialog.getByLabel('First message (optional)').fill('I need to talk to someone about my invoice');
  await dialog.getByLabel('Note for the team (internal)').fill('VIP, be quick');
  await checkpoint(page, testInfo, 'escalate-on-behalf');
  await dialog.getByRole('button', { name: 'Escalate' }).click();
  await expect(dialog.getByText('Escalated — a teammate will pick it up in Intercom')).toBeVisible();
  await expect(dialog.getByTestId('intercom-conversation-id')).toHaveText(/^\d+$/);
  await checkpoint(page, testInfo, 'escalate-on-behalf-done');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('list', { name: 'Other actions' }).getByRole('button', { name: 'Escalate' }).click();
  await dialog.getByRole('radio', { name: /An existing conversation/ }).check();
  await dialog.getByRole('button', { name: 'Escalate' }).click();
  await expect(dialog.getByText('Enter the conversation id to escalate')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Conversation id' }).fill(uid('no-such-conv'));
  await dialog.getByRole('button', { name: 'Escalate' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Conversation not found' })).toBeVisible();
});
