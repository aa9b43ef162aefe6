import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test as setup } from '@playwright/test';
import { DEMO, expect, LEAD_STATE } from './fixtures';

setup('sign in as the demo lead', async ({ page }) => {
  mkdirSync(path.dirname(LEAD_STATE), { recursive: true });
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(DEMO.lead.email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO.lead.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Capabilities catalogue' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('signed-in-name')).toHaveText(DEMO.lead.name);
  await page.context().storageState({ path: LEAD_STATE });
});
