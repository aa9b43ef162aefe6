// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioKeys } from '@/lib/client/queries/scenarios';
import type { ScenarioSuiteList } from '@/lib/console/scenarios';
import type { Role } from '@/lib/client/roles';
import { SessionProvider } from '@/lib/client/session';
import { ScenariosPage } from './scenarios-page';

afterEach(cleanup);

function show(list: ScenarioSuiteList, role: Role) {
  const client = new QueryClient();
  client.setQueryData(scenarioKeys.suites(), list);
  render(
    <SessionProvider user={{ id: 'u1', name: 'Dana', email: null, role }}>
      <QueryClientProvider client={client}>
        <ScenariosPage selected={null} />
      </QueryClientProvider>
    </SessionProvider>,
  );
}

describe('ScenariosPage', () => {
  it('warns that runs reach real Intercom', () => {
    show({ suites: [], fin_api: 'intercom-eu', real_intercom: true }, 'lead');
    expect(screen.getByText('Runs reach Intercom (EU)')).toBeTruthy();
    expect(screen.getByText(/creates real end users and conversations/)).toBeTruthy();
  });

  it('says nothing of Intercom against the simulator, and offers leads a first suite', () => {
    show({ suites: [], fin_api: 'simulator', real_intercom: false }, 'lead');
    expect(screen.queryByText(/Runs reach/)).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('No scenario suites yet');
    expect(screen.getByRole('link', { name: 'Write a suite' }).getAttribute('href')).toBe('/scenarios/new');
  });

  it('offers a viewer no way to write a suite', () => {
    show({ suites: [], fin_api: 'simulator', real_intercom: false }, 'viewer');
    expect(screen.queryByRole('link', { name: /suite/ })).toBeNull();
  });
});
