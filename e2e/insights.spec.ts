import { readFile } from 'node:fs/promises';
import type { Insights } from '@/lib/console/insights';
import { PROCEDURE_IDS } from '@/lib/sim/procedures';
import { checkpoint, pendingStepOf, test } from './fixtures';
import { expect, FLOW_TIMEOUT, simProcedures, startRun, uid } from './lead-helpers';

test.describe.configure({ timeout: FLOW_TIMEOUT });

const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

test('insights show the store’s figures for a range: tiles, charts, tables and CSV', async ({
  page,
  request,
  insights,
}, testInfo) => {
  const order = (await simProcedures(request)).find((p) => p.name === 'Order status');
  expect(order, 'the simulator has the Order status procedure').toBeDefined();
  // The catalogue first, as the console does: runs are then stored with their procedure's name.
  const user = { id: uid('insights-user'), name: 'Ines Insight', attributes: { plan_type: 'Pro' } };
  expect((await request.post('/api/fin/capabilities', { data: { user } })).ok()).toBe(true);
  for (let i = 0; i < 2; i++) await startRun(request, order!.id, uid('conv-insights'), user);
  // One answered HITL step, so the waiting-time figures have something to measure.
  const upgrade = uid('conv-insights-hitl');
  await startRun(request, PROCEDURE_IDS.planUpgrade, upgrade, user);
  const step = await pendingStepOf(request, upgrade);
  const answer = await request.post(`/api/hitl-steps/${step.step_id}/submit`, {
    data: {
      attribute_values: step.attributes.map((a) => ({
        identifier: a.identifier,
        value: a.data_type === 'integer' ? 5 : '2026-07-01T10:00:00Z',
      })),
    },
  });
  expect(answer.ok(), await answer.text()).toBe(true);

  await page.goto('/conversations');
  await insights.open();
  await expect(insights.card('Outcome mix')).toBeVisible();
  await checkpoint(page, testInfo, 'insights-last-7-days');

  const today = new Date().toISOString().slice(0, 10);
  await insights.chooseDays(today, today);
  await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
  const res = await request.get(`/api/insights?from=${today}&to=${dayAfter(today)}`);
  expect(res.status()).toBe(200);
  const figures = (await res.json()) as Insights;
  const row = figures.outcomes.find((o) => o.procedure === 'Order status');
  const total = row ? Object.values(row).reduce<number>((n, v) => n + (typeof v === 'number' ? v : 0), 0) : 0;
  expect(total).toBeGreaterThanOrEqual(2);
  const waits = figures.hitl_wait_by_procedure.find((r) => r.procedure === step.procedure_name);
  expect(waits?.count).toBeGreaterThanOrEqual(1);

  await expect(insights.tile('Runs')).toHaveText(String(figures.summary.runs));
  const outcomes = await insights.table('Outcome mix');
  await expect(
    outcomes
      .getByRole('row', { name: /^Order status/ })
      .getByRole('cell')
      .last(),
  ).toHaveText(String(total));
  const waitTable = await insights.table('HITL waiting time per procedure');
  await expect(
    waitTable
      .getByRole('row', { name: new RegExp(`^${step.procedure_name}`) })
      .getByRole('cell')
      .first(),
  ).toHaveText(String(waits?.count));
  await checkpoint(page, testInfo, 'insights-today-with-tables');

  const download = page.waitForEvent('download');
  await insights.card('Outcome mix').getByRole('button', { name: 'Download CSV of Outcome mix' }).click();
  const csv = await readFile(await (await download).path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe(
    '\ufeffProcedure,Resolved,Escalated,"Complete, not resolved",In progress,Failed,Total',
  );
  expect(
    csv
      .split('\r\n')
      .find((l) => l.startsWith('Order status,'))
      ?.split(',')
      .at(-1),
  ).toBe(String(total));

  await insights.chooseDays('2020-01-01', '2020-01-31');
  await expect(page.getByRole('status').filter({ hasText: 'No runs in this range' })).toBeVisible();
  await checkpoint(page, testInfo, 'insights-empty');
});
