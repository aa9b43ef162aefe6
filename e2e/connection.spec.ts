import { expect, expectAccessible, simControl, snap, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('a lead connects with Intercom OAuth, checks the token and disconnects', async ({ page }, testInfo) => {
  await page.goto('/settings');
  const panel = page.getByRole('region', { name: 'Fin API connection' });
  // The first load of a cold server on a busy machine can take a while.
  await expect(panel.getByTestId('token-source')).toContainText('INTERCOM_ACCESS_TOKEN', { timeout: 30_000 });
  await expect(panel.getByText('/api/webhooks/intercom').first()).toBeVisible();

  await panel.getByRole('button', { name: 'Connect with Intercom OAuth' }).click();
  await expect(page.getByRole('heading', { name: /Connect Fin Simulator/ })).toBeVisible();
  await snap(page, testInfo, 'sim-authorize');
  await page.getByRole('link', { name: 'Connect', exact: true }).click();

  await expect(page).toHaveURL(/\/settings\?connected=1$/);
  await expect(panel.getByRole('status').filter({ hasText: 'Connected with Intercom OAuth' })).toBeVisible();
  await expect(panel.getByTestId('token-source')).toContainText('Intercom OAuth');
  await expect(panel.getByTestId('token-source')).toContainText('Dana Lead');
  await expect(panel.getByTestId('workspace')).toContainText('Fin Simulator');

  await expect(panel.getByTestId('api-version')).toHaveText('Intercom-Version: Preview');
  await panel.getByRole('button', { name: 'Check tokens' }).click();
  await expect(panel.getByTestId('token-state')).toContainText('Token works');
  await expect(panel.getByTestId('token-state')).toContainText('checked');
  // The Fin Agent API key stays on /fin/*: OAuth replaces only the app token.
  await expect(panel.getByTestId('fin-key-state')).toContainText('Key works');
  await expect(panel.getByTestId('fin-key-state')).toContainText('FIN_AGENT_API_KEY');
  const sim = (await simControl('oauth', undefined, 'GET')) as { last_bearer: { kind: string } };
  expect(sim.last_bearer.kind).toBe('oauth');

  await expectAccessible(page);
  await snap(page, testInfo, 'settings-connected');
  await panel.locator('..').screenshot({ path: testInfo.outputPath('connection-panel.png') });

  await panel.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await panel.getByRole('button', { name: 'Disconnect OAuth token' }).click();
  await expect(panel.getByTestId('token-source')).toContainText('INTERCOM_ACCESS_TOKEN');
  await expect(panel.getByRole('button', { name: 'Disconnect OAuth token' })).toHaveCount(0);
});

test('a callback with an unknown state lands on Settings with the reason, nothing stored', async ({
  page,
}, testInfo) => {
  await page.goto('/api/connection/oauth/callback?code=abc%3D&state=not-a-state');
  await expect(page).toHaveURL(/\/settings\?oauth_error=unknown_state$/);
  const panel = page.getByRole('region', { name: 'Fin API connection' });
  await expect(panel.getByRole('alert')).toContainText('not known to the console');
  await expect(panel.getByTestId('token-source')).toContainText('INTERCOM_ACCESS_TOKEN');
  await expectAccessible(page);
  await snap(page, testInfo, 'settings-oauth-error');
});

test('a viewer sees the connection but cannot act on it', async ({ signedInAs }, testInfo) => {
  const { page } = await signedInAs('viewer');
  await page.goto('/settings');
  const panel = page.getByRole('region', { name: 'Fin API connection' });
  await expect(panel.getByTestId('fin-api')).toHaveText('Fin simulator');
  await expect(panel.getByRole('button', { name: 'Check tokens' })).toBeDisabled();
  await expect(panel.getByRole('button', { name: /Connect with Intercom OAuth/ })).toHaveCount(0);
  await expect(panel.getByText('Leads manage the connection.')).toBeVisible();
  await snap(page, testInfo, 'settings-connection-viewer');
});
