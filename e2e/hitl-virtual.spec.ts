import { hitlStep } from '@/testing/hitl-step';
import { expect, snap, test } from './fixtures';

// Tracing snapshots every poll of a 5,000-row page and starves the assertions; nothing to trace here.
test.use({ trace: 'off' });

test('5,000 pending steps stay a short DOM and scroll to the last one', async ({ page }, testInfo) => {
  const base = Date.parse('2026-01-01T00:00:00Z');
  const many = Array.from({ length: 5000 }, (_, i) =>
    hitlStep({
      step_id: `bulk-${i}`,
      conversation_id: `9${String(i).padStart(6, '0')}`,
      external_conversation_id: `bulk-conv-${i}`,
      procedure_name: i % 2 ? 'Refund request' : 'Plan upgrade',
      hitl_question: `Bulk question number ${i}?`,
      priority: i % 7 === 0 ? 'priority' : 'not_priority',
      conversation_url: null,
      recent_messages: [],
      received_at: new Date(base + i * 60_000).toISOString(),
    }),
  );
  await page.route('**/api/hitl-steps?status=pending', (route) => route.fulfill({ json: many }));
  await page.goto('/inbox');
  await expect(page.getByRole('tab', { name: 'Pending 5000' })).toBeVisible();
  await expect(page.getByText('5000 steps')).toBeVisible();
  const rows = page.getByRole('list', { name: 'Pending steps' }).getByRole('listitem');
  await expect(rows.first()).toContainText('Bulk question number 0?');
  expect(await rows.count()).toBeLessThan(40);
  await expect(rows.first()).toHaveAttribute('aria-setsize', '5000');
  await page.getByTestId('pending-scroller').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.getByRole('link', { name: 'Bulk question number 4999?' })).toBeVisible();
  expect(await rows.count()).toBeLessThan(40);
  await page.getByLabel('Procedure').selectOption('Refund request');
  await expect(page.getByText('2500 steps in Refund request')).toBeVisible();
  await snap(page, testInfo, 'inbox-5000');
});
