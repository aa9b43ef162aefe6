import type { APIRequestContext, Page } from '@playwright/test';
import { PROCEDURE_IDS } from '@/lib/sim/procedures';
import {
  DEMO,
  expect as baseExpect,
  expectAccessible,
  pendingStepOf,
  snap,
  test,
  type DemoRole,
} from './fixtures';
import { uid } from './lead-helpers';

const expect = baseExpect.configure({ timeout: 20_000 });
const SIGNED_OUT = { cookies: [], origins: [] };

/** A pending plan-upgrade step, found by its Intercom conversation id whether or not it was linked. */
async function pendingStep(request: APIRequestContext): Promise<string> {
  const conversationId = `e2e-auth-${uid('c')}`;
  const user = { id: uid('user'), name: 'Pat Upgrade', attributes: { plan_type: 'Pro' } };
  const run = await request.post(`/api/fin/procedures/${PROCEDURE_IDS.planUpgrade}/run`, {
    data: { conversation_id: conversationId, user },
  });
  expect(run.status(), await run.text()).toBe(200);
  return (await pendingStepOf(request, conversationId)).step_id;
}

async function signInThroughForm(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test.describe('signed out', () => {
  test.use({ storageState: SIGNED_OUT });

  test('a console page sends the visitor to sign in, and back there afterwards', async ({
    page,
  }, testInfo) => {
    await page.goto('/inbox');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Finbox$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.getByText('Sign in to continue to')).toContainText('/inbox');
    await signInThroughForm(page, DEMO.agent.email, DEMO.agent.password);
    await expect(page).toHaveURL(/\/inbox$/);
    await expect(page.getByRole('heading', { level: 1, name: 'HITL inbox' })).toBeVisible();
    await expect(page.getByTestId('signed-in-name')).toHaveText(DEMO.agent.name);
    await snap(page, testInfo, 'after-sign-in-inbox');
  });

  test('the sign-in page checks its fields, says when the password is wrong, and offers the demo accounts', async ({
    page,
  }, testInfo) => {
    await page.goto('/sign-in?next=//evil.example/steal');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    for (const role of ['lead', 'agent', 'viewer'] as const) {
      const button = page.getByRole('button', { name: `Sign in as ${DEMO[role].name} (${role})` });
      await expect(button).toBeVisible();
      await expect(button).toHaveAccessibleDescription(`${DEMO[role].email} · ${DEMO[role].password}`);
    }
    await expectAccessible(page);
    await snap(page, testInfo, 'sign-in');

    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByText('Enter your email address')).toBeVisible();
    await expect(page.getByText('Enter your password')).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByText('Enter an email address like name@example.com')).toBeVisible();
    await snap(page, testInfo, 'sign-in-invalid');

    await signInThroughForm(page, DEMO.lead.email, 'not-the-password');
    const refused = page.getByRole('alert').filter({ hasText: 'Email or password is wrong' });
    await expect(refused).toBeVisible();
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
    await expectAccessible(page);
    await snap(page, testInfo, 'sign-in-wrong-password');

    // A `next` that leaves the console is ignored: the demo lead lands on the catalogue.
    await page.getByRole('button', { name: `Sign in as ${DEMO.lead.name} (lead)` }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Capabilities catalogue' })).toBeVisible();
  });

  test('the sign-in page reads well in the dark theme', async ({ page }, testInfo) => {
    await page.addInitScript(() =>
      localStorage.setItem('fin-console-ui', JSON.stringify({ state: { theme: 'dark' }, version: 0 })),
    );
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveClass(/dark/);
    await signInThroughForm(page, DEMO.viewer.email, 'wrong-again');
    await expect(page.getByRole('alert').filter({ hasText: 'Email or password is wrong' })).toBeVisible();
    await expectAccessible(page);
    await snap(page, testInfo, 'sign-in-dark');
  });
});

test.describe('each demo role sees what it may do', () => {
  test('viewer: no Run, Reply or Escalate, and cannot claim or answer a HITL step', async ({
    request,
    signedInAs,
  }, testInfo) => {
    const stepId = await pendingStep(request);
    const { context, page, catalogue } = await signedInAs('viewer');
    await catalogue.open();
    await expect(page.getByRole('region', { name: 'Signed in' })).toContainText(DEMO.viewer.name);
    await expect(page.getByRole('region', { name: 'Signed in' })).toContainText('Viewer');
    await catalogue.pickUser({ id: uid('viewer-user'), name: 'Vic Reader' });
    await expect(page.getByText('Leads run procedures', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Run / })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Run by id' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Ask a question' })).toHaveCount(0);
    await expectAccessible(page);
    await snap(page, testInfo, 'viewer-catalogue');

    await page.goto(`/inbox/${stepId}`);
    await expect(page.getByText('Agents and leads answer steps', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send answer' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Claim' })).toHaveCount(0);
    await expectAccessible(page);
    await snap(page, testInfo, 'viewer-step');
    const claim = await context.request.post(`/api/hitl-steps/${stepId}/claim`, { data: {} });
    expect(claim.status()).toBe(403);
    expect(await claim.text()).toContain('This needs the agent role (you are a viewer)');
  });

  test('agent: answers a HITL step as themselves but cannot run procedures', async ({
    request,
    signedInAs,
  }, testInfo) => {
    const stepId = await pendingStep(request);
    const { page, catalogue } = await signedInAs('agent');
    await catalogue.open();
    await catalogue.pickUser({ id: uid('agent-user'), name: 'Ada Agentview' });
    await expect(page.getByRole('button', { name: /^Run / })).toHaveCount(0);
    await expect(page.getByText('Leads run procedures', { exact: true })).toBeVisible();

    await page.goto(`/inbox/${stepId}`);
    await page.getByRole('button', { name: 'Claim' }).click();
    await expect(page.getByText(/Claimed by you/)).toBeVisible();
    await page.getByLabel('Number of seats').fill('7');
    await page.getByLabel('Upgrade takes effect').fill('2026-08-01T09:00');
    await expect(page.getByText(`Answering as ${DEMO.agent.name}`)).toBeVisible();
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByText('The run continues', { exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: `Answered by ${DEMO.agent.name}` })).toBeVisible();
    await snap(page, testInfo, 'agent-answered');
  });

  test('lead: runs procedures and answers steps', async ({ page, request, catalogue }) => {
    await catalogue.open();
    await expect(page.getByTestId('signed-in-name')).toHaveText(DEMO.lead.name);
    await catalogue.pickUser({ id: uid('lead-user'), name: 'Lee Lead' });
    await expect(page.getByRole('button', { name: /^Run / }).first()).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Run by id' })).toBeVisible();
    await expect(page.getByText('Leads run procedures', { exact: true })).toHaveCount(0);
    const stepId = await pendingStep(request);
    await page.goto(`/inbox/${stepId}`);
    await expect(page.getByRole('button', { name: 'Claim' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send answer' })).toBeEnabled();
  });
});

test('sign out ends the session and leads back to the sign-in page', async ({ signedInAs }) => {
  // Its own session: signing the shared lead session out would sign every later spec out.
  const { context, page } = await signedInAs('lead');
  await page.goto('/conversations');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings$/);
  expect((await context.request.get('/api/auth/me')).status()).toBe(401);
});

test('a lead adds an account, which can then sign in with its role', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const email = `${uid('robin')}@example.test`;
  const password = 'correct-horse-42';
  await page.goto('/settings');
  const accounts = page.getByRole('region', { name: 'Accounts' });
  await expect(accounts.getByRole('table', { name: 'Accounts' })).toContainText(DEMO.viewer.email);
  await accounts.getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an account' });
  await dialog.getByRole('button', { name: 'Add account' }).click();
  await expect(dialog.getByText('Enter their name')).toBeVisible();
  await expect(dialog.getByText('Use at least 10 characters')).toBeVisible();
  await dialog.getByLabel('Name').fill('Robin Added');
  await dialog.getByLabel('Email').fill(DEMO.agent.email);
  await dialog.getByRole('radio', { name: 'Agent' }).check();
  await dialog.getByLabel('Initial password').fill(password);
  await dialog.getByRole('button', { name: 'Add account' }).click();
  await expect(
    dialog
      .getByRole('alert')
      .filter({ hasText: /already/i })
      .first(),
  ).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Add account' })).toBeEnabled();
  await expectAccessible(page);
  await snap(page, testInfo, 'settings-add-account-refused');
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByRole('button', { name: 'Add account' }).click();
  await expect(dialog).toHaveCount(0);
  const row = accounts.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Robin Added');
  await expect(row.getByRole('combobox', { name: 'Role of Robin Added' })).toHaveValue('agent');

  // The last active lead cannot be demoted: the server says so on the row.
  const lead = accounts.getByRole('row').filter({ hasText: DEMO.lead.email });
  await lead.getByRole('combobox', { name: `Role of ${DEMO.lead.name}` }).selectOption('viewer');
  await expect(lead.getByRole('alert')).toContainText('There must be at least one active lead');
  await expectAccessible(page);
  await snap(page, testInfo, 'settings-accounts');

  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const other = await context.newPage();
  await other.goto('/sign-in');
  await signInThroughForm(other, email, password);
  await expect(other.getByTestId('signed-in-name')).toHaveText('Robin Added');
  await expect(other.getByRole('region', { name: 'Signed in' })).toContainText('Agent');
  await row.getByRole('button', { name: 'Disable Robin Added' }).click();
  await expect(row).toContainText('Disabled');
  expect((await context.request.get('/api/auth/me')).status()).toBe(401);
  await context.close();
});

test('an API token is shown once, works as a Bearer, and stops working once revoked', async ({
  page,
  playwright,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const name = uid('nightly-export');
  await page.goto('/settings');
  const panel = page.getByRole('region', { name: 'API tokens' });
  await panel.getByLabel('Token name').fill(name);
  await panel.getByRole('button', { name: 'Create token' }).click();
  const secret = (await panel.getByTestId('token-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^fcon_/);
  await expect(panel.getByRole('button', { name: 'Copy secret' })).toBeVisible();
  await expect(panel.getByText('this is the only time it shows the secret')).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'settings-token-secret');

  const api = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  const bearer = { Authorization: `Bearer ${secret}` };
  expect((await api.get('/api/conversations', { headers: bearer })).status()).toBe(200);
  expect((await api.get('/api/conversations')).status()).toBe(401);

  await panel.getByRole('button', { name: 'I have saved it' }).click();
  await page.reload();
  await expect(panel.getByTestId('token-secret')).toHaveCount(0);
  const row = panel.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(secret.slice(0, 8));
  await expect(row).toContainText(DEMO.lead.name);
  await expect(row).not.toContainText('Never');
  await expect(row.getByTestId('token-expires')).toHaveText('in 3 months');
  await snap(page, testInfo, 'settings-tokens');

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole('dialog', { name: `Revoke “${name}”?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Revoke token' }).click();
  await expect(row).toContainText('Revoked');
  expect((await api.get('/api/conversations', { headers: bearer })).status()).toBe(401);
  await api.dispose();
});

test('non-leads see no Accounts panel and their own tokens read-only', async ({ signedInAs }, testInfo) => {
  for (const role of ['agent', 'viewer'] satisfies DemoRole[]) {
    const { page } = await signedInAs(role);
    await page.goto('/settings');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(page.getByTestId('account-name')).toHaveText(DEMO[role].name);
    await expect(page.getByRole('region', { name: 'Accounts' })).toHaveCount(0);
    const tokens = page.getByRole('region', { name: 'API tokens' });
    await expect(tokens).toContainText('You have no API tokens.');
    await expect(tokens.getByRole('button', { name: 'Create token' })).toHaveCount(0);
    await expectAccessible(page);
    await snap(page, testInfo, `settings-${role}`);
  }
});
