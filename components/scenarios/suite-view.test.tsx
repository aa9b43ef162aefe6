// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scenarioKeys } from '@/lib/client/queries/scenarios';
import type { ScenarioSuite } from '@/lib/console/scenarios';
import { SessionProvider } from '@/lib/client/session';
import { SuiteView } from './suite-view';

vi.mock('next/navigation', () => ({ useRouter: () => ({ push: vi.fn() }) }));
afterEach(cleanup);

const suite: ScenarioSuite = {
  id: 's1',
  name: 'Smoke',
  scenario_count: 2,
  updated_at: '2026-03-01T12:00:00Z',
  updated_by: 'Dana',
  estimate: { users: 2, conversations: 2 },
  last_run: null,
  body: `name: Smoke
scenarios:
  - name: Order status
    procedure_id: "41009"
    message: Where is my order?
    expect:
      - status: complete
      - fin_says: { contains: out for delivery }
  - name: A question
    message: What are your hours?
    replies: [thanks]
    expect:
      - escalated: false
`,
};

function show(realIntercom: boolean) {
  const client = new QueryClient();
  client.setQueryData(scenarioKeys.suite('s1'), suite);
  render(
    <SessionProvider user={{ id: 'u1', name: 'Dana', email: null, role: 'lead' }}>
      <QueryClientProvider client={client}>
        <SuiteView suiteId="s1" realIntercom={realIntercom} />
      </QueryClientProvider>
    </SessionProvider>,
  );
}

describe('SuiteView', () => {
  it('lists each scenario with what it runs and expects, and a Run button for leads', () => {
    show(false);
    const rows = within(screen.getByRole('table', { name: 'Scenarios' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Procedure 41009');
    expect(
      within(screen.getByRole('list', { name: 'What Order status expects' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['status complete', 'Fin says "out for delivery"']);
    expect(rows[1]!.textContent).toContain('Ask');
    expect(rows[1]!.textContent).toContain('1 reply');
    expect(screen.getByRole('button', { name: 'Run A question' })).toBeTruthy();
    expect(screen.queryByText('This runs against real Intercom')).toBeNull();
  });

  it('says how many users and conversations a run creates on Intercom', () => {
    show(true);
    expect(screen.getByText('This runs against real Intercom').parentElement!.textContent).toContain(
      'creates 2 end users and 2 conversations',
    );
  });
});
