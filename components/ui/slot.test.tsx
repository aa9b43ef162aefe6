// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Button } from './button';
import { Label } from './label';
import { Slot } from './slot';

describe('Slot', () => {
  afterEach(cleanup);

  it('renders the child with the slot props merged: classes joined, styles merged, the child winning', () => {
    render(
      <Slot className="a" style={{ color: 'red', margin: 1 }} title="slot" data-x="1">
        <a href="/x" className="b" style={{ color: 'blue' }} title="child">
          Go
        </a>
      </Slot>,
    );
    const link = screen.getByRole('link', { name: 'Go' });
    expect(link.className).toBe('a b');
    expect(link.getAttribute('style')).toBe('color: blue; margin: 1px;');
    expect(link.title).toBe('child');
    expect(link.dataset.x).toBe('1');
  });

  it('runs both click handlers, the child first, and sets both refs', () => {
    const calls: string[] = [];
    const slotRef = createRef<HTMLElement>();
    const childRef = createRef<HTMLButtonElement>();
    render(
      <Slot ref={slotRef} onClick={() => calls.push('slot')}>
        <button type="button" ref={childRef} onClick={() => calls.push('child')}>
          Press
        </button>
      </Slot>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Press' }));
    expect(calls).toEqual(['child', 'slot']);
    expect(slotRef.current).toBe(screen.getByRole('button'));
    expect(childRef.current).toBe(screen.getByRole('button'));
  });

  it('lets Button render a link with its classes and no button type', () => {
    render(
      <Button asChild variant="secondary">
        <a href="https://example.com/docs">Docs</a>
      </Button>,
    );
    const link = screen.getByRole('link', { name: 'Docs' });
    expect(link.getAttribute('type')).toBeNull();
    expect(link.className).toContain('inline-flex');
    expect(link.className).toContain('border-zinc-300');
  });
});

describe('Label', () => {
  afterEach(cleanup);

  it('labels its control and keeps a double click from selecting text', () => {
    const onMouseDown = vi.fn();
    render(
      <>
        <Label htmlFor="n" onMouseDown={onMouseDown}>
          Name
        </Label>
        <input id="n" />
      </>,
    );
    expect(screen.getByLabelText('Name')).toBe(screen.getByRole('textbox'));
    const label = screen.getByText('Name');
    expect(fireEvent.mouseDown(label, { detail: 1 })).toBe(true);
    expect(fireEvent.mouseDown(label, { detail: 2 })).toBe(false);
    expect(onMouseDown).toHaveBeenCalledTimes(2);
  });
});
