/** The callback attacks against a rig: each holds here, and its judge calls the old behaviour a breach. */
import { describe, expect, it } from 'vitest';
import { useRig } from '../use-rig';
import { discoverRoutes } from '../routes';
import { inProcess } from '../transport';
import { callbackAttacks, foreignCallbackOver, judgeForeignCallback, judgePathId } from './callback';

describe('callback attack judges', () => {
  it('a request reaching the foreign listener, or an accepted answer, is a breach', () => {
    const quiet = { webhook: 200, submit: 409, stepStatus: 'refused', heard: [] };
    expect(judgeForeignCallback(quiet).breach).toBe(false);
    expect(
      judgeForeignCallback({
        ...quiet,
        submit: 200,
        heard: [{ path: '/procedures/1/collect_agent_input', bearer: true }],
      }),
    ).toMatchObject({
      breach: true,
      detail: expect.stringContaining('1 request(s), 1 with a bearer') as unknown,
    });
    expect(judgeForeignCallback({ ...quiet, submit: 200 }).breach).toBe(true);
  });

  it('only a 400 naming procedure_id for every id holds', () => {
    expect(judgePathId([{ id: '..', status: 400, field: 'procedure_id' }]).breach).toBe(false);
    expect(
      judgePathId([
        { id: '..', status: 400, field: 'procedure_id' },
        { id: '.', status: 404, field: null },
      ]),
    ).toMatchObject({ breach: true, detail: '".." → 400 (procedure_id), "." → 404' });
  });
});

describe('callback attacks against a rig', () => {
  const t = useRig();

  it('the foreign callback, replayed in process, reaches nothing', async () => {
    const outcome = await foreignCallbackOver(t.rig, inProcess(t.rig, t.api, await discoverRoutes()));
    expect(outcome).toMatchObject({ breach: false });
    expect(outcome.detail).toContain('step refused, submit 409; the foreign listener got 0 request(s)');
  });

  it.each(callbackAttacks.filter((a) => a.needs !== 'http').map((a) => [a.item, a] as const))(
    'attack %s holds',
    async (_item, attack) => {
      const outcome = await attack.run({ rig: t.rig, api: t.api, served: null });
      expect(outcome.breach, outcome.detail).toBe(false);
    },
  );
});
