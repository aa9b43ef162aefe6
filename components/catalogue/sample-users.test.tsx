// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SampleUsers } from './sample-users';

const SAMPLES = [
  { id: 'demo-omar', name: 'Omar Haddad', attributes: { plan_type: 'Starter' } },
  { id: 'demo-priya', name: 'Priya Raman', attributes: { plan_type: 'Pro', company_name: 'Northwind' } },
  {
    id: 'demo-sofia',
    name: 'Sofia Almeida',
    attributes: { plan_type: 'Enterprise', vip: true, company_name: 'Atlas Freight' },
  },
];

describe('SampleUsers', () => {
  afterEach(cleanup);

  it('names each sample by its tier, shows the plan, marks the current one and picks on click', () => {
    const onPick = vi.fn();
    render(<SampleUsers users={SAMPLES} currentId="demo-sofia" onPick={onPick} />);
    // Separator spacing differs between name computations; the order is what matters.
    const buttons = [/^Starter\W+Omar Haddad$/, /^Pro\W+Priya Raman$/, /^VIP\W+Sofia Almeida$/].map((name) =>
      screen.getByRole('button', { name, description: /plan/ }),
    );
    expect(screen.getByText('Enterprise plan · Atlas Freight')).toBeTruthy();
    expect(buttons.map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'true']);
    fireEvent.click(buttons[1]!);
    expect(onPick).toHaveBeenCalledWith(SAMPLES[1]);
  });

  it('shows nothing when there are no samples (real Intercom)', () => {
    const { container } = render(<SampleUsers users={[]} currentId={undefined} onPick={() => undefined} />);
    expect(container.innerHTML).toBe('');
  });
});
