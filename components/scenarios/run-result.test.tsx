// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioKeys } from '@/lib/client/queries/scenarios';
import type { ScenarioResult, ScenarioRun } from '@/lib/console/scenarios';
import { RunResult } from './run-result';

afterEach(cleanup);

const passed: ScenarioResult = {
  name: 'Order status',
  status: 'passed',
  conversation_id: 'conv-1',
  duration_ms: 1200,
  milestones: [{ expected: 'status complete', passed: true, reason: null, actual_index: 1 }],
  failed_at: null,
  reason: null,
  expected: ['status complete'],
  actual: ['Fin says "On its way"', 'status complete'],
};

const failed: ScenarioResult = {
  name: 'Refund approved',
  status: 'failed',
  conversation_id: 'conv-2',
  duration_ms: 3400,
  milestones: [
    { expected: 'HITL step asking for approve', passed: true, reason: null, actual_index: 0 },
    {
      expected: 'status resolved',
      passed: false,
      reason: 'never reached; the run ended at status complete',
      actual_index: null,
    },
  ],
  failed_at: 1,
  reason: 'status resolved: never reached; the run ended at status complete',
  expected: ['HITL step asking for approve', 'status resolved'],
  actual: ['HITL step asking for approve', 'status complete'],
};

function show(run: Partial<ScenarioRun> & Pick<ScenarioRun, 'results' | 'status'>) {
  const client = new QueryClient();
  client.setQueryData(scenarioKeys.run('r1'), {
    id: 'r1',
    suite_id: 's1',
    suite_name: 'Smoke',
    started_by: 'Dana Lead',
    started_at: '2026-03-01T12:00:00Z',
    finished_at: '2026-03-01T12:00:05Z',
    counts: { total: 2, passed: 1, failed: 1, errors: 0 },
    ...run,
  } satisfies ScenarioRun);
  render(
    <QueryClientProvider client={client}>
      <RunResult runId="r1" title="Latest run" />
    </QueryClientProvider>,
  );
}

describe('RunResult', () => {
  it('opens a failed scenario at its first failing milestone, expected beside actual', () => {
    show({ status: 'failed', results: [passed, failed] });
    expect(screen.getByTestId('run-counts').textContent).toBe('1 of 2 passed · 1 failed');
    const [, bad] = screen.getAllByTestId('scenario-result');
    expect(within(bad!).getByTestId('scenario-reason').textContent).toBe(
      'Failed at milestone 2, status resolved: never reached; the run ended at status complete',
    );
    const expected = within(bad!).getByRole('list', { name: 'Expected milestones of Refund approved' });
    const rows = within(expected).getAllByRole('listitem');
    expect(rows.map((r) => r.dataset.passed)).toEqual(['true', 'false']);
    expect(rows[0]!.textContent).toContain('→ actual 1');
    expect(rows[1]!.textContent).not.toContain('never reached');
    const actual = within(bad!).getByRole('list', { name: 'Actual milestones of Refund approved' });
    expect(
      within(actual)
        .getAllByRole('listitem')
        .map((r) => r.textContent),
    ).toEqual(['1.HITL step asking for approve', '2.status complete']);
    expect(within(bad!).getByRole('link', { name: 'Timeline of Refund approved' }).getAttribute('href')).toBe(
      '/conversations/conv-2',
    );
  });

  it('keeps a passing scenario closed until asked', () => {
    show({ status: 'passed', results: [passed], counts: { total: 1, passed: 1, failed: 0, errors: 0 } });
    expect(screen.queryByRole('list', { name: /^Expected milestones/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Milestones of Order status' }));
    expect(screen.getByRole('list', { name: 'Expected milestones of Order status' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Run passed: 1 of 1 scenarios passed');
  });

  it('shows progress while the run is going', () => {
    show({
      status: 'running',
      finished_at: null,
      counts: { total: 2, passed: 1, failed: 0, errors: 0 },
      results: [
        passed,
        { ...failed, status: 'running', milestones: [], failed_at: null, reason: null, actual: [] },
      ],
    });
    expect(
      screen.getByRole('progressbar', { name: 'Scenarios finished' }).getAttribute('aria-valuenow'),
    ).toBe('1');
    expect(screen.getByRole('status').textContent).toBe('Running: 1 of 2 scenarios finished');
  });
});
