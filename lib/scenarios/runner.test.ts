import { describe, expect, it } from 'vitest';
import type { ConversationDetail, StoredEvent } from '@/lib/console/types';
import { hitlStep } from '@/testing/hitl-step';
import { hitlValues, runScenario, type ConsoleApi } from './runner';
import { scenarioSchema, type ScenarioInput } from './schema';

const scenario = (over: Partial<ScenarioInput> = {}) =>
  scenarioSchema.parse({ name: 's', procedure_id: '41001', expect: [{ resolved: true }], ...over });

const step = hitlStep({
  attributes: [
    { identifier: 'a1', name: 'Approve Refund', label: 'Approve', data_type: 'boolean' },
    {
      identifier: 'a2',
      name: 'Refund Reason',
      label: 'Reason',
      data_type: 'list',
      options: [
        { id: 'o1', label: 'Defective product' },
        { id: 'o2', label: 'Changed mind' },
      ],
    },
  ],
});

/** A console whose conversation never moves past its first status. */
function stuckConsole(calls: string[]): ConsoleApi {
  const detail = (id: string): ConversationDetail => ({
    conversation: {
      id,
      kind: 'procedure',
      procedure_id: '41001',
      procedure_name: 'Refund request',
      user: { id: 'u' },
      status: 'replying',
      intercom_conversation_id: null,
      stream_state: 'live',
      warnings: null,
      created_at: '',
      updated_at: '',
    },
    events: [] as StoredEvent[],
  });
  const record = (what: string) => {
    calls.push(what);
    return Promise.resolve({});
  };
  return {
    runProcedure: (id, body) =>
      record(`run ${id} ${body.conversation_id.slice(0, 4)} ${body.user.id.slice(0, 9)}`),
    ask: () => record('ask'),
    reply: () => record('reply'),
    conversation: (id) => Promise.resolve(detail(id)),
    step: () => Promise.resolve(step),
    claim: () => Promise.resolve(step),
    submit: () => Promise.resolve(step),
  };
}

describe('runScenario', () => {
  it('ends a run that never finishes with a timeout naming the last status', async () => {
    const calls: string[] = [];
    let clock = 0;
    const result = await runScenario(stuckConsole(calls), scenario({ timeout_s: 5 }), {
      pollMs: 1,
      now: () => (clock += 1000),
    });
    expect(calls).toEqual(['run 41001 scn- scn-user-']);
    expect(result).toMatchObject({
      status: 'error',
      reason: "timed out after 5 s (the conversation's status: replying)",
      expected: ['resolved'],
      actual: [],
    });
  });
});

describe('hitlValues', () => {
  it('maps answers by attribute name, case-insensitively, and list labels to option ids', () => {
    const s = scenario({ hitl: { 'approve refund': false, 'Refund Reason': 'changed MIND' } });
    expect(hitlValues(s, step, 0)).toEqual([
      { identifier: 'a1', value: false },
      { identifier: 'a2', value: 'o2' },
    ]);
  });

  it('takes the nth set of answers for the nth step', () => {
    const s = scenario({ hitl: [{ 'Approve Refund': true, 'Refund Reason': 'o1' }, {}] });
    expect(hitlValues(s, step, 0)[1]).toEqual({ identifier: 'a2', value: 'o1' });
    expect(() => hitlValues(s, step, 1)).toThrow('no answer for attribute "Approve Refund" of HITL step 2');
    expect(() => hitlValues(s, step, 2)).toThrow('no HITL answers for step 3 (the scenario has 2)');
  });

  it('names the options when a label is not one', () => {
    const s = scenario({ hitl: { 'Approve Refund': true, 'Refund Reason': 'Too pricey' } });
    expect(() => hitlValues(s, step, 0)).toThrow(
      '"Too pricey" is not an option of Refund Reason (options: Defective product, Changed mind)',
    );
  });
});
