// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Label } from './label';
import { Switch } from './switch';

function Controlled() {
  const [on, setOn] = useState(false);
  return (
    <>
      <Switch id="s" checked={on} onCheckedChange={setOn} />
      <Label htmlFor="s">Notifications</Label>
    </>
  );
}

describe('Switch', () => {
  afterEach(cleanup);

  it('is a switch named by its label, toggled by a click on it or on the label', () => {
    render(<Controlled />);
    const toggle = screen.getByRole('switch', { name: 'Notifications' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(toggle.dataset.state).toBe('unchecked');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(toggle.dataset.state).toBe('checked');
    fireEvent.click(screen.getByText('Notifications'));
    expect(toggle.getAttribute('aria-checked')).toBe('false');
  });

  it('keeps its own state when uncontrolled and does nothing when disabled', () => {
    render(
      <>
        <Switch aria-label="A" defaultChecked />
        <Switch aria-label="B" disabled />
      </>,
    );
    const a = screen.getByRole('switch', { name: 'A' });
    expect(a.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(a);
    expect(a.getAttribute('aria-checked')).toBe('false');
    const b = screen.getByRole('switch', { name: 'B' });
    fireEvent.click(b);
    expect(b.getAttribute('aria-checked')).toBe('false');
    expect(b.hasAttribute('data-disabled')).toBe(true);
  });
});
