import { PROCEDURE_IDS } from '@/lib/sim/procedures';
import { checkpoint, test } from './fixtures';
import { expect, FLOW_TIMEOUT, startRun, uid } from './lead-helpers';

test.describe.configure({ timeout: FLOW_TIMEOUT });

test('the conversations list shows live status, filters by status and procedure, searches by id, and refreshes itself', async ({
  page,
  request,
}, testInfo) => {
  const tag = uid('list');
  const user = { id: `${tag}-user`, name: 'Lena List' };
  const order = `${tag}-order`;
  const reset = `${tag}-reset`;
  await startRun(request, PROCEDURE_IDS.orderStatus, order, user);
  await startRun(request, PROCEDURE_IDS.resetPassword, reset, user);

  await page.goto('/conversations');
  await expect(page.getByRole('heading', { level: 1, name: 'Conversations' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Conversations, newest first' });
  const row = (id: string) =>
    table.getByRole('row').filter({ has: page.getByRole('link', { name: id, exact: true }) });
  await expect(row(order)).toContainText('Order status');
  await expect(row(order)).toContainText('Lena List');
  await expect(row(reset)).toContainText('Awaiting user reply');
  await expect(row(order)).toContainText(/Complete|Resolved/);
  await expect(row(order)).toContainText(/just now|minute/);
  await checkpoint(page, testInfo, 'conversations-list');

  await page.getByLabel('Search by id').fill(tag);
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));

  await page.getByLabel('Status').selectOption({ label: 'Awaiting user reply' });
  await expect(row(reset)).toBeVisible();
  await expect(row(order)).toHaveCount(0);
  await page.getByLabel('Status').selectOption({ label: 'All statuses' });

  await page.getByLabel('Procedure').selectOption({ label: 'Order status' });
  await expect(row(order)).toBeVisible();
  await expect(row(reset)).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`procedure_id=${PROCEDURE_IDS.orderStatus}`));

  await page.getByLabel('Search by id').fill(`${tag}-nothing`);
  await expect(page.getByRole('heading', { name: 'No conversations match these filters' })).toBeVisible();
  await checkpoint(page, testInfo, 'conversations-filtered-empty');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByLabel('Search by id')).toHaveValue('');

  // A conversation started elsewhere appears without a reload.
  await page.getByLabel('Search by id').fill(tag);
  await expect(table.getByRole('row')).toHaveCount(3);
  const later = `${tag}-later`;
  await startRun(request, PROCEDURE_IDS.refund, later, user);
  await expect(row(later)).toBeVisible({ timeout: 15_000 });
  await expect(row(later)).toContainText('Refund request');

  await row(reset).getByRole('link', { name: reset }).click();
  await expect(page).toHaveURL(new RegExp(`/conversations/${reset}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Reset password' })).toBeVisible();
});

test('the API calls tab lists every call with its curl', async ({ page, request }, testInfo) => {
  const id = uid('calls');
  await startRun(request, PROCEDURE_IDS.orderStatus, id, { id: `${id}-user` });
  await page.goto('/conversations');
  await page.getByRole('tab', { name: 'API calls' }).click();
  const call = page
    .getByRole('list', { name: 'API calls' })
    .getByTestId('api-call')
    .filter({ hasText: id })
    .first();
  await expect(call).toBeVisible();
  await call.getByRole('button', { name: /POST/ }).click();
  await call.getByRole('tab', { name: 'curl' }).click();
  await expect(call.getByLabel('curl command')).toContainText(/\$(FIN_AGENT_API_KEY|INTERCOM_ACCESS_TOKEN)/);
  await expect(call.getByLabel('curl command')).not.toContainText('sim-token');
  await checkpoint(page, testInfo, 'api-calls-global');
});

test('an unknown conversation id shows a designed not-found state', async ({ page }, testInfo) => {
  await page.goto(`/conversations/${uid('missing')}`);
  await expect(page.getByRole('heading', { name: 'Conversation not found' })).toBeVisible();
  await checkpoint(page, testInfo, 'conversation-not-found');
});

test('settings: your account, the theme and the Fin API connection', async ({ page }, testInfo) => {
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByTestId('fin-api')).toHaveText('Fin simulator');
  await expect(page.getByTestId('store')).toContainText(/PGlite|PostgreSQL/);
  await expect(page.getByTestId('account-name')).toHaveText('Dana Lead');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await checkpoint(page, testInfo, 'settings-dark');
  await page.getByRole('radio', { name: 'Light' }).check();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await checkpoint(page, testInfo, 'settings-light');
});

test('the dark theme keeps the catalogue, a conversation and the list readable', async ({
  page,
  request,
  catalogue,
  conversation,
}, testInfo) => {
  const id = uid('dark');
  const user = { id: `${id}-user`, name: 'Dana Dark' };
  await startRun(request, PROCEDURE_IDS.refund, id, user);
  await page.goto('/settings');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveClass(/dark/);

  await catalogue.open();
  await catalogue.pickUser(user);
  await checkpoint(page, testInfo, 'dark-catalogue');

  await page.goto(`/conversations/${id}`);
  await conversation.expectStatus('Awaiting user reply');
  await expect(conversation.composer()).toBeVisible();
  await checkpoint(page, testInfo, 'dark-conversation');

  await page.goto(`/conversations?q=${id}`);
  await expect(page.getByRole('link', { name: id, exact: true })).toBeVisible();
  await checkpoint(page, testInfo, 'dark-conversations');
  await page.goto('/settings');
  await page.getByRole('radio', { name: 'System' }).check();
});
