// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { hitlStep } from '@/testing/hitl-step';
import { ClaimBadgeAt } from './step-meta';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const until = new Date(NOW + 60_000).toISOString();

afterEach(cleanup);

describe('ClaimBadgeAt', () => {
  it('marks a refused step as not answerable, with the reason on hover', () => {
    render(
      <ClaimBadgeAt
        step={hitlStep({ status: 'refused', outcome: 'The callback_url is not https.' })}
        me="Alex"
        now={NOW}
      />,
    );
    expect(screen.getByText('Not answerable')).toHaveProperty('title', 'The callback_url is not https.');
  });

  it('says "Claimed by you" only to the account that holds the claim', () => {
    const step = hitlStep({ claimed_by: 'Sam', claimed_by_id: 'u1', claim_expires_at: until });
    const { rerender } = render(<ClaimBadgeAt step={step} me={{ id: 'u1', name: 'Sam' }} now={NOW} />);
    expect(screen.getByText('Claimed by you')).toBeTruthy();
    rerender(<ClaimBadgeAt step={step} me={{ id: 'u2', name: 'Sam' }} now={NOW} />);
    expect(screen.getByText('Claimed by Sam')).toBeTruthy();
  });
});
