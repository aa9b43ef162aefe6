import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '@/lib/console/scenarios';
import { pendingResult } from '@/lib/scenarios/runner';
import { freshDbPerSuite } from '@/testing/server/harness';
import {
  deleteSuite,
  getRunRow,
  getSuiteRow,
  insertRun,
  insertSuite,
  listRunRows,
  listSuiteRows,
  updateRun,
  updateSuite,
} from './scenarios';

const result = (name: string, status: ScenarioResult['status']): ScenarioResult => ({
  ...pendingResult(name),
  status,
});

describe('scenario store', () => {
  const db = freshDbPerSuite();

  it('keeps suite names unique on insert and rename', async () => {
    expect(await insertSuite(db(), { id: 's1', name: 'One', body: 'b1', by: 'Dana' })).toMatchObject({
      name: 'One',
    });
    expect(await insertSuite(db(), { id: 's2', name: 'One', body: 'b2', by: 'Dana' })).toBeNull();
    expect(await insertSuite(db(), { id: 's2', name: 'Two', body: 'b2', by: 'Dana' })).toMatchObject({
      id: 's2',
    });
    expect(await updateSuite(db(), { id: 's2', name: 'One', body: 'x', by: 'Alex' })).toBeNull();
    expect(await updateSuite(db(), { id: 'nope', name: 'Three', body: 'x', by: 'Alex' })).toBeUndefined();
    expect(await updateSuite(db(), { id: 's2', name: 'Three', body: 'b3', by: 'Alex' })).toMatchObject({
      name: 'Three',
      body: 'b3',
      updated_by: 'Alex',
    });
  });

  it('records runs as they go and lists each suite with its latest', async () => {
    await insertRun(db(), {
      id: 'r1',
      suiteId: 's1',
      by: 'Dana',
      results: [result('a', 'pending')],
      deadlineMs: 60_000,
    });
    await updateRun(db(), 'r1', 'failed', [result('a', 'failed')]);
    await new Promise((r) => setTimeout(r, 5));
    const started = await insertRun(db(), {
      id: 'r2',
      suiteId: 's1',
      by: 'Alex',
      results: [result('a', 'pending')],
      deadlineMs: 60_000,
    });
    expect(started).toMatchObject({ status: 'running', finished_at: null });
    await updateRun(db(), 'r2', 'running', [result('a', 'running')]);

    const r2 = await getRunRow(db(), 'r2');
    expect(r2).toMatchObject({
      suite_name: 'One',
      status: 'running',
      finished_at: null,
      results: [{ status: 'running' }],
    });
    const r1 = await getRunRow(db(), 'r1');
    expect(r1?.finished_at).toBeInstanceOf(Date);
    expect((await listRunRows(db(), 's1')).map((r) => r.id)).toEqual(['r2', 'r1']);

    const suites = await listSuiteRows(db());
    expect(suites.map((s) => [s.name, s.last_run?.id ?? null])).toEqual([
      ['One', 'r2'],
      ['Three', null],
    ]);
    expect(suites[0]!.last_run?.started_at).toBeInstanceOf(Date);
  });

  it('reads a run still running past its deadline as an error (its console stopped)', async () => {
    await insertRun(db(), { id: 'r3', suiteId: 's2', by: 'Dana', results: [], deadlineMs: -1 });
    expect(await getRunRow(db(), 'r3')).toMatchObject({ status: 'error', finished_at: null });
    expect((await listSuiteRows(db())).find((s) => s.id === 's2')?.last_run?.status).toBe('error');
  });

  it('deletes a suite with its runs', async () => {
    expect(await deleteSuite(db(), 's1')).toBe(true);
    expect(await deleteSuite(db(), 's1')).toBe(false);
    expect(await getSuiteRow(db(), 's1')).toBeNull();
    expect(await getRunRow(db(), 'r1')).toBeNull();
  });
});
