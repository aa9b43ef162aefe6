// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReplayData } from '@/lib/console/replay';
import { ReplayPlayer } from './replay-player';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, s)).toISOString();
const data: ReplayData = {
  conversation: {
    title: 'Account deletion',
    kind: 'procedure',
    procedure_name: 'Account deletion',
    status: 'complete',
    started_at: at(0),
    ended_at: at(9),
    user: { id: 'u-1', name: 'Rita Replay', email: null, attributes: {} },
  },
  steps: [
    { seq: 0, at: at(0), kind: 'user', author: 'user', body: 'Please delete my account' },
    { seq: 1, at: at(1), kind: 'fin', html: '<p>Deleting is permanent</p>' },
    { seq: 2, at: at(2), kind: 'hitl', question: 'Verified?' },
    { seq: 3, at: at(3), kind: 'escalation', context: 'Needs a human' },
    { seq: 4, at: at(4), kind: 'csat-requested' },
    { seq: 5, at: at(5), kind: 'csat', rating: 'amazing', remark: 'Great' },
    { seq: 6, at: at(9), kind: 'status', status: 'complete', reason: null },
  ],
  hitl: [
    {
      seq: 2,
      procedure_name: 'Account deletion',
      question: 'Verified?',
      attributes: [
        { name: 'Verified', label: 'Identity verified', data_type: 'boolean', options: null, value: true },
        {
          name: 'Notes',
          label: 'How was it verified?',
          data_type: 'string',
          options: null,
          value: 'Passport',
        },
      ],
      state: 'answered',
      answered_by: 'Alice',
      answered_at: at(2),
    },
  ],
  notes: [{ seq: 1, body: 'Fin warns first', author: 'Lena', updated_at: at(20) }],
};

const position = () => screen.getByRole('slider', { name: 'Position' }).getAttribute('aria-valuetext');
const key = (k: string) => fireEvent.keyDown(window, { key: k });

beforeAll(() => {
  // As some browsers now do: scrolling answers a promise.
  Object.defineProperty(Element.prototype, 'scrollIntoView', {
    value: () => Promise.resolve(),
    configurable: true,
  });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ReplayPlayer', () => {
  it('steps with the keys through every kind of step, showing the decision as answered', async () => {
    const onExit = vi.fn();
    render(<ReplayPlayer data={data} onExit={onExit} />);
    expect(position()).toBe('Step 1 of 7: the user writes');
    key('ArrowRight');
    key('ArrowRight');
    expect(position()).toBe('Step 3 of 7: a teammate decides');
    const form = await screen.findByRole('form', { name: "The teammate's form" });
    expect(form.querySelector<HTMLInputElement>('input[value="true"]')?.checked).toBe(true);
    expect(screen.getByText('Alice')).toBeTruthy();
    for (let i = 0; i < 6; i++) key('ArrowRight');
    expect(position()).toBe('Step 7 of 7: status change');
    expect(screen.getByText(/Escalated to a human: Needs a human/)).toBeTruthy();
    expect(screen.getByText('Fin warns first')).toBeTruthy();
    key('ArrowLeft');
    expect(position()).toBe('Step 6 of 7: the user rates');
    key('Escape');
    expect(onExit).toHaveBeenCalledOnce();
  });

  it('plays with space, pauses at the decision, and offers no note editor without the right', () => {
    vi.useFakeTimers();
    render(<ReplayPlayer data={data} />);
    key(' ');
    act(() => void vi.advanceTimersByTime(5000));
    expect(position()).toBe('Step 3 of 7: a teammate decides');
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: /Note for step/ })).toBeNull();
  });

  it('saves a note for the current step', async () => {
    const onSaveNote = vi.fn(() => Promise.resolve());
    render(<ReplayPlayer data={data} canEditNotes onSaveNote={onSaveNote} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Note for step 1' }), {
      target: { value: ' Opening ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save note' }));
    await waitFor(() => expect(onSaveNote).toHaveBeenCalledWith(0, 'Opening'));
  });
});
