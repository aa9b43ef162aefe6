import { describe, expect, it } from 'vitest';
import { isSignedOut, signInUrl } from './api';
import { permission, roleAtLeast, type Action, type Role } from './roles';

const table: [Action, Record<Role, boolean>][] = [
  ['run', { viewer: false, agent: false, lead: true }],
  ['ask', { viewer: false, agent: false, lead: true }],
  ['reply', { viewer: false, agent: false, lead: true }],
  ['escalate', { viewer: false, agent: false, lead: true }],
  ['csat', { viewer: false, agent: false, lead: true }],
  ['answerStep', { viewer: false, agent: true, lead: true }],
  ['manageAccounts', { viewer: false, agent: false, lead: true }],
  ['manageTokens', { viewer: false, agent: false, lead: true }],
  ['share', { viewer: false, agent: false, lead: true }],
];

describe('permission', () => {
  it.each(table)('%s', (action, allowed) => {
    for (const role of ['viewer', 'agent', 'lead'] as const) {
      expect(permission(role, action).allowed, `${role} ${action}`).toBe(allowed[role]);
    }
  });
  it('gives the reason the UI shows in place of the action', () => {
    expect(permission('viewer', 'run')).toEqual({ allowed: false, reason: 'Leads run procedures' });
    expect(permission('agent', 'reply').reason).toBe('Leads run procedures');
    expect(permission('viewer', 'answerStep')).toEqual({
      allowed: false,
      reason: 'Agents and leads answer steps',
    });
    expect(permission('lead', 'run')).toEqual({ allowed: true, reason: null });
  });
  it('allows nothing without a signed-in teammate', () => {
    expect(permission(null, 'answerStep').allowed).toBe(false);
    expect(permission(undefined, 'run').allowed).toBe(false);
  });
  it('orders the roles viewer < agent < lead', () => {
    expect(roleAtLeast('lead', 'agent')).toBe(true);
    expect(roleAtLeast('agent', 'agent')).toBe(true);
    expect(roleAtLeast('agent', 'lead')).toBe(false);
    expect(roleAtLeast('viewer', 'agent')).toBe(false);
  });
});

describe('signed-out answers', () => {
  const list = (code: string, message: string) => ({
    type: 'error.list' as const,
    errors: [{ code, message }],
  });
  it("tells the console's sign-in 401 from a Fin 401 passed through", () => {
    expect(isSignedOut(401, list('unauthorized', 'Sign in to continue'))).toBe(true);
    expect(isSignedOut(401, list('unauthorized', 'Access Token Invalid'))).toBe(false);
    expect(isSignedOut(403, list('forbidden', 'This needs the lead role (you are a viewer)'))).toBe(false);
    expect(isSignedOut(401, null)).toBe(false);
  });
  it('comes back to the page after signing in', () => {
    expect(signInUrl({ pathname: '/inbox/s1', search: '?x=1' })).toBe('/sign-in?next=%2Finbox%2Fs1%3Fx%3D1');
    expect(signInUrl({ pathname: '/', search: '' })).toBe('/sign-in');
    expect(signInUrl({ pathname: '/sign-in', search: '?next=%2F' })).toBe('/sign-in');
  });
});
