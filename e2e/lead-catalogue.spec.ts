import { checkpoint, expectAccessible, simControl, snap, test } from './fixtures';
import { expect, FLOW_TIMEOUT, uid } from './lead-helpers';

test.describe.configure({ timeout: FLOW_TIMEOUT });

test.afterEach(async () => {
  await simControl('faults', undefined, 'DELETE');
});

test('pick an end user, see their catalogue, filter it, and switch back through recent users', async ({
  page,
  catalogue,
}, testInfo) => {
  await catalogue.open();
  await expect(page.getByRole('heading', { name: 'Pick an end user' })).toBeVisible();
  await checkpoint(page, testInfo, 'catalogue-no-user');

  const form = page.getByRole('form', { name: 'End user' });
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByRole('button', { name: 'Show capabilities' }).click();
  await expect(form.getByText('User ID is required')).toBeVisible();
  await expect(form.getByText('Enter a valid email address, or leave it empty')).toBeVisible();
  await expectAccessible(page);

  const pro = {
    id: uid('cat-pro'),
    name: 'Priya Pro',
    email: 'priya@example.com',
    attributes: { plan_type: 'Pro' },
  };
  await catalogue.pickUser(pro);
  const procedures = catalogue.procedures();
  for (const name of ['Refund request', 'Reset password', 'Plan upgrade', 'Billing dispute'])
    await expect(procedures.getByRole('heading', { name })).toBeVisible();
  // Drafts and procedures without an API trigger are not offered.
  await expect(procedures.getByRole('heading', { name: 'Data export' })).toHaveCount(0);
  const actions = page.getByRole('list', { name: 'Other actions' });
  await expect(actions.getByRole('button', { name: 'Ask a question' })).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Reply to a conversation' })).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Escalate' })).toBeVisible();
  await checkpoint(page, testInfo, 'catalogue-pro-user');

  const filter = page.getByLabel('Filter capabilities');
  await filter.fill('refund');
  await expect(procedures.getByRole('listitem')).toHaveCount(1);
  await expect(procedures.getByRole('heading', { name: 'Refund request' })).toBeVisible();
  await filter.fill('zzz-nothing');
  await expect(page.getByRole('heading', { name: 'No procedures match “zzz-nothing”' })).toBeVisible();
  await checkpoint(page, testInfo, 'catalogue-filter-empty');
  await filter.fill('');

  // A Starter user does not get the Pro/Enterprise-only billing dispute.
  const starter = { id: uid('cat-starter'), attributes: { plan_type: 'Starter' } };
  await catalogue.pickUser(starter);
  await expect(procedures.getByRole('heading', { name: 'Plan upgrade' })).toBeVisible();
  await expect(procedures.getByRole('heading', { name: 'Billing dispute' })).toHaveCount(0);

  await page.reload();
  const recent = page.getByRole('list', { name: 'Recent users' });
  await recent.getByRole('button', { name: `Use Priya Pro (${pro.id})` }).click();
  await expect(page.getByRole('heading', { name: 'What Fin can do for Priya Pro' })).toBeVisible();
  await expect(procedures.getByRole('heading', { name: 'Billing dispute' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'End user' }).getByLabel('User id')).toHaveValue(pro.id);
});

test('the seeded sample users fill the form and show each audience its own catalogue', async ({
  page,
  catalogue,
}, testInfo) => {
  await catalogue.open();
  const samples = page.getByRole('list', { name: 'Sample end users' });
  await expect(samples.getByRole('button')).toHaveCount(3);

  await catalogue.pickSample('VIP', 'Sofia Almeida');
  await expect(page.getByRole('heading', { name: 'What Fin can do for Sofia Almeida' })).toBeVisible();
  const procedures = catalogue.procedures();
  await expect(procedures.getByRole('heading', { name: 'Priority callback' })).toBeVisible();
  await expect(procedures.getByRole('heading', { name: 'Plan upgrade' })).toHaveCount(0);
  const form = page.getByRole('form', { name: 'End user' });
  await expect(form.getByLabel('User id')).toHaveValue('demo-sofia');
  await expect(catalogue.sample('VIP', 'Sofia Almeida')).toHaveAttribute('aria-pressed', 'true');
  await checkpoint(page, testInfo, 'catalogue-sample-vip');

  await catalogue.pickSample('Starter', 'Omar Haddad');
  await expect(page.getByRole('heading', { name: 'What Fin can do for Omar Haddad' })).toBeVisible();
  await expect(procedures.getByRole('heading', { name: 'Plan upgrade' })).toBeVisible();
  await expect(procedures.getByRole('heading', { name: 'Priority callback' })).toHaveCount(0);
  await expect(form.getByLabel('User id')).toHaveValue('demo-omar');
  // Samples are not repeated among the recent users.
  await expect(
    page.getByRole('list', { name: 'Recent users' }).getByRole('button', { name: /Sofia/ }),
  ).toHaveCount(0);
  await checkpoint(page, testInfo, 'catalogue-sample-starter');
});

test('a failing catalogue shows the API message and recovers on retry', async ({
  page,
  catalogue,
}, testInfo) => {
  await catalogue.open();
  await simControl('faults', { fail: { status: 503, count: 50, path: '/fin/capabilities' } });
  const form = page.getByRole('form', { name: 'End user' });
  await form.getByLabel('User id').fill(uid('cat-err'));
  await form.getByRole('button', { name: 'Show capabilities' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The catalogue could not be loaded' });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await checkpoint(page, testInfo, 'catalogue-error');

  await simControl('faults', undefined, 'DELETE');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(catalogue.procedures().getByRole('heading', { name: 'Refund request' })).toBeVisible();
});

test('the catalogue loads with skeletons first', async ({ page, catalogue }, testInfo) => {
  await catalogue.open();
  await simControl('faults', { delay_ms: 1500 });
  const form = page.getByRole('form', { name: 'End user' });
  await form.getByLabel('User id').fill(uid('cat-slow'));
  await form.getByRole('button', { name: 'Show capabilities' }).click();
  await expect(page.getByLabel('Loading capabilities')).toBeVisible();
  await snap(page, testInfo, 'catalogue-loading');
  await expect(catalogue.procedures()).toBeVisible({ timeout: 15_000 });
});
