import { describe, expect, it } from 'vitest';
import { useRig } from '../use-rig';
import { callbacksFor, credAttacks, credentialOf } from './cred';

const rig = { token: 'fin-key', appToken: 'app-token' };

describe('cred attack helpers', () => {
  it('tells the Fin key from the app token, and anything else', () => {
    expect(credentialOf(rig, 'fin-key')).toBe('fin key');
    expect(credentialOf(rig, 'app-token')).toBe('app token');
    expect(credentialOf(rig, 'oauth-issued')).toBe('other');
    expect(credentialOf(rig, null)).toBe('none');
  });

  it("lists one step's callbacks with their credential and status", () => {
    const at = 0;
    expect(
      callbacksFor(
        [
          { stepId: 's1', status: 401, at, bearer: 'fin-key' },
          { stepId: 's2', status: 200, at, bearer: 'app-token' },
          { stepId: 's1', status: 200, at, bearer: 'app-token' },
        ],
        's1',
        rig,
      ),
    ).toEqual([
      { credential: 'fin key', status: 401 },
      { credential: 'app token', status: 200 },
    ]);
  });
});

describe('cred attacks against a rig', () => {
  const t = useRig();

  it.each(credAttacks.map((a) => [a.name, a] as const))('%s: held', async (_, attack) => {
    const outcome = await attack.run({ rig: t.rig, api: t.api, served: null });
    expect(outcome, outcome.detail).toMatchObject({ breach: false });
  });
});
