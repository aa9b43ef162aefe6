import { randomBytes } from 'node:crypto';
import type { HitlStep } from '@/lib/console/types';
import { PROCEDURE_IDS } from '@/lib/sim/procedures';
import { simConversation } from '@/testing/sim';
import { answerFor } from '../faults';
import type { CallbackRecord, Rig } from '../rig';
import type { Api } from '../api';
import type { Attack } from './types';
import { sleep } from '@/testing/util';

/** Which of the rig's credentials a bearer is: the Fin Agent API key, the app token, or neither. */
export function credentialOf(
  rig: Pick<Rig, 'token' | 'appToken'>,
  bearer: string | null,
): 'fin key' | 'app token' | 'other' | 'none' {
  if (bearer === null) return 'none';
  if (bearer === rig.token) return 'fin key';
  if (bearer === rig.appToken) return 'app token';
  return 'other';
}

/** The callbacks made for one step, by the credential they carried and what Fin answered. */
export function callbacksFor(
  callbacks: readonly CallbackRecord[],
  stepId: string,
  rig: Pick<Rig, 'token' | 'appToken'>,
) {
  return callbacks
    .filter((c) => c.stepId === stepId)
    .map((c) => ({ credential: credentialOf(rig, c.bearer), status: c.status }));
}

/** The in-process console: a served one has its own store, which Fin's HITL notifications never reach. */
interface Console {
  api: Api;
  simUrl: string;
}

async function runToStep(s: Console): Promise<HitlStep> {
  const id = `cred-attack-${randomBytes(6).toString('hex')}`;
  const { status } = await s.api.call('run', {
    params: { procedureId: PROCEDURE_IDS.accountDeletion },
    body: { conversation_id: id, user: { id: `${id}-user` } },
  });
  if (status !== 200) throw new Error(`the run answered ${status}`);
  // Fin's answers do not name the Intercom conversation; its HITL notification does.
  const intercomId = String((await simConversation(s.simUrl, id)).intercom_conversation_id);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const steps = (await s.api.call('steps', { query: { status: 'pending' } })).json as HitlStep[];
    const step = steps.find((x) => x.conversation_id === intercomId);
    if (step) return step;
    await sleep(100);
  }
  throw new Error('no HITL step reached the inbox within 30 s');
}

const submit = async (s: Console, step: HitlStep): Promise<[number, unknown]> => {
  const r = await s.api.call('submit', {
    params: { stepId: step.step_id },
    body: { attribute_values: answerFor(step, Math.random) },
  });
  return [r.status, r.json];
};

const simFaults = (rig: Rig, method: 'POST' | 'DELETE', body?: unknown) =>
  fetch(`${rig.simUrl}/_sim/faults`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

export const credAttacks: Attack[] = [
  {
    item: 'cred-2',
    name: 'the Fin Agent API key is sent to the HITL callback',
    async run({ rig, api }) {
      const s = { api, simUrl: rig.simUrl };
      const step = await runToStep(s);
      const [status] = await submit(s, step);
      const made = callbacksFor(rig.callbacks, step.step_id, rig);
      const keyed = made.filter((c) => c.credential === 'fin key').length;
      return {
        // Intercom wants an app token there; the Fin key is refused, and is a credential sent where it has no business.
        breach: keyed > 0 || made.length === 0,
        detail: `answer ${status}; ${made.length} callback(s): ${made.map((c) => `${c.credential} → ${c.status}`).join(', ') || 'none'}`,
      };
    },
  },
  {
    item: 'cred-2',
    name: 'a refused credential closes a HITL step for good',
    async run({ rig, api }) {
      const s = { api, simUrl: rig.simUrl };
      const step = await runToStep(s);
      let refused: number;
      let after: HitlStep;
      try {
        await simFaults(rig, 'POST', { hitl_forbidden: true });
        [refused] = await submit(s, step);
        after = (await s.api.call('step', { params: { stepId: step.step_id } })).json as HitlStep;
      } finally {
        await simFaults(rig, 'DELETE');
      }
      // Once the credential is fixed (the fault cleared), the same step must take the answer.
      const [retry] = await submit(s, step);
      return {
        breach: after.status !== 'pending' || retry !== 200,
        detail: `403 from Fin → console ${refused}, step ${after.status}; after the fix the answer got ${retry}`,
      };
    },
  },
];
