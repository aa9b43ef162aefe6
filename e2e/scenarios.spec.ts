import { checkpoint, test } from './fixtures';
import { expect, FLOW_TIMEOUT, uid } from './lead-helpers';

test.describe.configure({ timeout: FLOW_TIMEOUT });

const NEVER_SAID = 'A sentence Fin never says';

test('save a finished run as a scenario, run its suite, then see an edited expectation fail', async ({
  page,
  catalogue,
  conversation,
  scenarios,
}, testInfo) => {
  const suite = uid('E2E suite');
  const id = await catalogue.runFor({ id: uid('scen-order'), name: 'Sam Scenario' }, 'Order status', {
    message: 'Where is my order?',
  });
  await conversation.expectStatus('Complete');

  await page.getByRole('button', { name: 'Save as scenario' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as scenario' });
  await dialog.getByRole('radio', { name: 'A new suite' }).check();
  await dialog.getByLabel('New suite name').fill(suite);
  await checkpoint(page, testInfo, 'save-as-scenario');
  await dialog.getByRole('button', { name: 'Save scenario' }).click();
  await expect(dialog).toHaveCount(0);
  const saved = page.getByText(`Saved “Order status ${id}” as a scenario`);
  await expect(saved).toBeVisible();
  await page.getByRole('link', { name: `Open “${suite}”` }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: suite })).toBeVisible();
  await expect(scenarios.suites().getByRole('link', { name: new RegExp(`^${suite}`) })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(scenarios.scenarioRows()).toHaveCount(1);
  await expect(scenarios.scenarioRows()).toContainText(`Order status ${id}`);
  await expect(scenarios.scenarioRows()).toContainText('status complete');
  await checkpoint(page, testInfo, 'scenarios-suite');

  await scenarios.runSuite('passed');
  await expect(scenarios.run().getByTestId('run-counts')).toHaveText('1 of 1 passed');
  const result = scenarios.result(`Order status ${id}`);
  await expect(result).toHaveAttribute('data-status', 'passed');
  await result.getByRole('button', { name: /^Milestones/ }).click();
  await expect(
    result.getByRole('list', { name: /^Expected milestones/ }).locator('[data-passed="true"]'),
  ).not.toHaveCount(0);
  await expect(result.getByRole('link', { name: /^Timeline/ })).toHaveAttribute(
    'href',
    /^\/conversations\/.+/,
  );
  await checkpoint(page, testInfo, 'scenarios-run-passed');

  // A milestone kind the format does not know is named with its line before anything is saved.
  await scenarios.editSuite((text) =>
    text.replace(/^(\s*)expect:\n(\s*)- /m, '$1expect:\n$2- nonsense: true\n$2- '),
  );
  const problems = page.getByRole('list', { name: 'Problems' });
  await expect(problems.getByRole('button', { name: /^Line \d+/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save suite' })).toBeDisabled();
  await checkpoint(page, testInfo, 'scenarios-suite-file-problem');

  await scenarios.editSuite((text) =>
    text.replace(/^(\s*)- nonsense: true\n/m, `$1- fin_says: { contains: "${NEVER_SAID}" }\n`),
  );
  await expect(page.getByText('No problems found.')).toBeVisible();
  await scenarios.saveSuite(suite);

  await scenarios.runSuite('failed');
  await expect(scenarios.run().getByTestId('run-counts')).toHaveText('0 of 1 passed · 1 failed');
  const failed = scenarios.result(`Order status ${id}`);
  await expect(failed.getByTestId('scenario-reason')).toContainText(
    `Failed at milestone 1, Fin says "${NEVER_SAID}"`,
  );
  await expect(
    failed.getByRole('list', { name: /^Expected milestones/ }).locator('[data-passed="false"]'),
  ).toContainText(NEVER_SAID);
  await expect(failed.getByRole('list', { name: /^Actual milestones/ })).toContainText('status complete');
  await checkpoint(page, testInfo, 'scenarios-run-failed');

  await scenarios.openTab('History');
  const history = page.getByRole('table', { name: 'Runs of this suite, newest first' });
  await expect(history.locator('tbody tr')).toHaveCount(2);
  await expect(history.locator('tbody tr').first()).toContainText('Failed');
  await expect(history.locator('tbody tr').nth(1)).toContainText('Passed');
  await history.locator('tbody tr').first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: `Run of “${suite}”` })).toBeVisible();
  await expect(scenarios.run()).toHaveAttribute('data-status', 'failed');
  await checkpoint(page, testInfo, 'scenarios-run-page');
});

test('a viewer reads suites and runs but cannot edit or run them', async ({ signedInAs }, testInfo) => {
  const { page } = await signedInAs('viewer');
  await page.goto('/scenarios');
  await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New suite' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run suite' })).toHaveCount(0);
  await checkpoint(page, testInfo, 'scenarios-viewer');
});
