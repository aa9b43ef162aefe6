// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '@/lib/client/session';
import type { Role } from '@/lib/client/roles';
import type { HitlLinkView, HitlStep } from '@/lib/console/types';
import { hitlStep } from '@/testing/hitl-step';
import { StepLinkPanel } from './step-link';

function renderAs(role: Role, step: HitlStep) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <SessionProvider user={{ id: 'u1', name: 'Lena', email: null, role }}>
        <StepLinkPanel step={step} />
      </SessionProvider>
    </QueryClientProvider>,
  );
}

const unlinked = hitlStep({ external_conversation_id: null, link: null, link_evidence: [] });

describe('StepLinkPanel', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows an unlinked step as such, and offers the link control to a lead only', () => {
    renderAs('agent', unlinked);
    expect(screen.getByText('Not linked')).toBeTruthy();
    expect(screen.getByText(/No run of this console is clearly this step/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Link to a run' })).toBeNull();
    cleanup();
    renderAs('lead', unlinked);
    expect(screen.getByRole('button', { name: 'Link to a run' })).toBeTruthy();
  });

  it('shows an inferred link with its evidence', () => {
    renderAs(
      'viewer',
      hitlStep({
        external_conversation_id: 'run-7',
        link: 'inferred',
        link_evidence: [
          { kind: 'procedure', weight: 'for', detail: 'Both are "Refund request"' },
          { kind: 'user', weight: 'unknown', detail: "The step's recent messages name no end user" },
        ],
      }),
    );
    expect(screen.getByText('Linked (inferred)')).toBeTruthy();
    expect(screen.getByText('Both are "Refund request"')).toBeTruthy();
    expect(screen.getByText('could not be checked:')).toBeTruthy();
  });

  it('gives no control over a link Fin made by Intercom id', () => {
    renderAs('lead', hitlStep({ link: 'intercom_id' }));
    expect(screen.getByText('Linked')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /run/ })).toBeNull();
  });

  it('lists the candidate runs and saves the one a lead picks', async () => {
    const view: HitlLinkView = {
      step: unlinked,
      candidates: [
        {
          conversation_id: 'run-a',
          procedure_name: 'Refund request',
          user: { id: 'jane', email: 'jane@example.com' },
          status: 'thinking',
          created_at: new Date().toISOString(),
          score: 3,
          evidence: [{ kind: 'procedure', weight: 'for', detail: 'Both are "Refund request"' }],
        },
        {
          conversation_id: 'run-b',
          procedure_name: 'Refund request',
          user: { id: 'sam' },
          status: 'awaiting_user_reply',
          created_at: new Date().toISOString(),
          score: 3,
          evidence: [],
        },
      ],
    };
    const linked = { ...unlinked, external_conversation_id: 'run-b', link: 'manual', linked_by: 'Lena' };
    const calls: { method: string; url: string; body: unknown }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        const method = init.method ?? 'GET';
        calls.push({ method, url, body: typeof init.body === 'string' ? JSON.parse(init.body) : null });
        return new Response(JSON.stringify(method === 'PUT' ? linked : view), { status: 200 });
      }),
    );
    renderAs('lead', unlinked);
    fireEvent.click(screen.getByRole('button', { name: 'Link to a run' }));
    const b = await screen.findByRole('radio', { name: /run-b/ });
    expect(screen.getByRole('radio', { name: /run-a/ })).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /Not linked/ }).checked).toBe(true);
    fireEvent.click(b);
    fireEvent.click(screen.getByRole('button', { name: 'Save link' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')).toEqual({
      method: 'PUT',
      url: `/api/hitl-steps/${unlinked.step_id}/link`,
      body: { conversation_id: 'run-b' },
    });
  });
});
