// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Tabs, TabsContent, TabsList, TabsTrigger } from './tabs';

function Example({ controlled = false }: { controlled?: boolean }) {
  const [tab, setTab] = useState('one');
  const props = controlled ? { value: tab, onValueChange: setTab } : { defaultValue: 'one' };
  return (
    <Tabs {...props}>
      <TabsList aria-label="Views">
        <TabsTrigger value="one">One</TabsTrigger>
        <TabsTrigger value="two">Two</TabsTrigger>
        <TabsTrigger value="three">Three</TabsTrigger>
      </TabsList>
      <TabsContent value="one">First panel</TabsContent>
      <TabsContent value="two">Second panel</TabsContent>
      <TabsContent value="three">Third panel</TabsContent>
    </Tabs>
  );
}

const tab = (name: string) => screen.getByRole('tab', { name });
const panel = () => screen.getByRole('tabpanel');

describe('Tabs', () => {
  afterEach(cleanup);

  for (const controlled of [false, true]) {
    it(`shows the selected panel, labelled by its tab (${controlled ? 'controlled' : 'uncontrolled'})`, () => {
      render(<Example controlled={controlled} />);
      expect(screen.getByRole('tablist', { name: 'Views' })).toBeTruthy();
      expect(tab('One').getAttribute('aria-selected')).toBe('true');
      expect(panel().textContent).toBe('First panel');
      expect(panel().getAttribute('aria-labelledby')).toBe(tab('One').id);
      expect(tab('One').getAttribute('aria-controls')).toBe(panel().id);
      fireEvent.click(tab('Two'));
      expect(panel().textContent).toBe('Second panel');
      expect(tab('Two').getAttribute('aria-selected')).toBe('true');
      expect(tab('One').getAttribute('aria-selected')).toBe('false');
      expect(screen.getAllByRole('tabpanel')).toHaveLength(1);
    });
  }

  it('keeps only the selected tab in the Tab order; arrows, Home and End move and select', () => {
    render(<Example />);
    expect([tab('One'), tab('Two'), tab('Three')].map((t) => t.tabIndex)).toEqual([0, -1, -1]);
    tab('One').focus();
    fireEvent.keyDown(tab('One'), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(tab('Two'));
    expect(panel().textContent).toBe('Second panel');
    expect([tab('One'), tab('Two'), tab('Three')].map((t) => t.tabIndex)).toEqual([-1, 0, -1]);
    fireEvent.keyDown(tab('Two'), { key: 'End' });
    expect(panel().textContent).toBe('Third panel');
    fireEvent.keyDown(tab('Three'), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(tab('One'));
    fireEvent.keyDown(tab('One'), { key: 'ArrowLeft' });
    expect(panel().textContent).toBe('Third panel');
    fireEvent.keyDown(tab('Three'), { key: 'Home' });
    expect(panel().textContent).toBe('First panel');
    fireEvent.keyDown(tab('One'), { key: 'a' });
    expect(panel().textContent).toBe('First panel');
  });
});
