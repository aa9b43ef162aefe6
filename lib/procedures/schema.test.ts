import { describe, expect, it } from 'vitest';
import { PROCEDURES } from '@/lib/sim/procedures';
import {
  describeIssues,
  parseProcedure,
  parseProcedureDraft,
  parseReplacement,
  type ProcedureInput,
} from './schema';

const base = (): ProcedureInput => ({
  id: '90001',
  name: 'Demo',
  live: true,
  api_trigger: true,
  steps: [
    { id: 'ask', kind: 'ask_user', question: 'Order?', store: 'order' },
    {
      id: 'check',
      kind: 'hitl',
      question: 'Approve {{order}}?',
      attributes: [
        {
          key: 'ok',
          uuid: '4c0a665d-69ec-49ba-b082-a5cc8fe200f5',
          name: 'Ok',
          label: 'Ok',
          data_type: 'boolean',
        },
      ],
    },
    {
      id: 'decide',
      kind: 'branch',
      on: 'ok',
      cases: [{ op: 'eq', value: true, goto: 'done' }],
      otherwise: 'out',
    },
    { id: 'out', kind: 'escalate', reason: 'Escalation rule: Declined' },
    { id: 'done', kind: 'resolve' },
  ],
});

function issuesOf(input: unknown) {
  const result = parseProcedure(input);
  if (result.success) throw new Error('expected issues');
  return result.issues;
}

const steps = (p: ProcedureInput) => p.steps as Array<Record<string, unknown>>;

describe('procedure schema', () => {
  it('accepts every built-in procedure as it is', () => {
    for (const proc of PROCEDURES) expect(parseProcedure(proc)).toEqual({ success: true, data: proc });
  });

  it('fills defaults for what people may leave out', () => {
    const result = parseProcedure(base());
    expect(result.success && result.data).toMatchObject({
      description: '',
      audience: [],
      csat: false,
      steps: [{}, { priority: 'not_priority', assign_to: null }, {}, {}, {}],
    });
  });

  it('needs at least one step', () => {
    expect(issuesOf({ ...base(), steps: [] })).toEqual([
      { path: ['steps'], message: 'a procedure needs at least one step' },
    ]);
  });

  it('refuses a step id used twice', () => {
    const p = base();
    steps(p)[4]!.id = 'out';
    expect(issuesOf(p)).toContainEqual({ path: ['steps', 4, 'id'], message: 'step id "out" is used twice' });
  });

  it('refuses next, goto, otherwise and on_timeout naming no step', () => {
    const p = base();
    steps(p)[0]!.next = 'nowhere';
    steps(p)[1]!.expires_in_s = 60;
    steps(p)[1]!.on_timeout = 'gone';
    steps(p)[2] = {
      id: 'decide',
      kind: 'branch',
      on: 'ok',
      cases: [{ op: 'eq', value: true, goto: 'x' }],
      otherwise: 'y',
    };
    expect(issuesOf(p).map((i) => i.path.join('.'))).toEqual([
      'steps.0.next',
      'steps.1.on_timeout',
      'steps.2.cases.0.goto',
      'steps.2.otherwise',
    ]);
  });

  it('needs expires_in_s with on_timeout', () => {
    const p = base();
    steps(p)[1]!.on_timeout = 'out';
    expect(issuesOf(p)).toEqual([
      { path: ['steps', 1, 'on_timeout'], message: 'on_timeout needs expires_in_s' },
    ]);
  });

  it('refuses a branch on a value not collected before it', () => {
    const p = base();
    steps(p)[2]!.on = 'later';
    expect(issuesOf(p)).toEqual([
      {
        path: ['steps', 2, 'on'],
        message: '"later" is not collected by an ask_user or HITL step before this one',
      },
    ]);
    const reordered = base();
    reordered.steps = [
      reordered.steps[2]!,
      reordered.steps[0]!,
      reordered.steps[1]!,
      ...reordered.steps.slice(3),
    ];
    expect(issuesOf(reordered)[0]?.path).toEqual(['steps', 0, 'on']);
  });

  it('needs options on list attributes and only there', () => {
    const p = base();
    const hitl = steps(p)[1]!;
    hitl.attributes = [
      {
        key: 'pick',
        uuid: 'd02001c3-9f1f-4784-849e-dca756713202',
        name: 'Pick',
        label: 'Pick',
        data_type: 'list',
      },
      {
        key: 'ok',
        uuid: '4c0a665d-69ec-49ba-b082-a5cc8fe200f5',
        name: 'Ok',
        label: 'Ok',
        data_type: 'boolean',
        options: [{ id: 'a', label: 'A' }],
      },
    ];
    expect(issuesOf(p)).toEqual([
      {
        path: ['steps', 1, 'attributes', 0, 'options'],
        message: 'a list attribute needs at least one option',
      },
      { path: ['steps', 1, 'attributes', 1, 'options'], message: 'only list attributes have options' },
    ]);
  });

  it('refuses attribute keys and uuids used twice', () => {
    const p = base();
    const attr = { uuid: '4c0a665d-69ec-49ba-b082-a5cc8fe200f5', name: 'N', label: 'N', data_type: 'string' };
    steps(p)[1]!.attributes = [
      { ...attr, key: 'ok', data_type: 'boolean' },
      { ...attr, key: 'ok' },
    ];
    expect(issuesOf(p).map((i) => [i.path.join('.'), i.message])).toEqual([
      ['steps.1.attributes.1.key', 'attribute key "ok" is used twice'],
      ['steps.1.attributes.1.uuid', 'attribute uuid "4c0a665d-69ec-49ba-b082-a5cc8fe200f5" is used twice'],
    ]);
  });

  it('bounds sizes and refuses unknown fields, kinds and data types', () => {
    const p = base();
    p.name = 'x'.repeat(201);
    steps(p)[0]!.extra = 1;
    steps(p)[3]!.reason = 'Because';
    (steps(p)[1]!.attributes as Array<Record<string, unknown>>)[0]!.data_type = 'colour';
    const paths = issuesOf(p).map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'steps.0', 'steps.3.reason', 'steps.1.attributes.0.data_type']),
    );
    expect(
      issuesOf({
        ...base(),
        steps: Array.from({ length: 101 }, (_, i) => ({ id: `s${i}`, kind: 'resolve' })),
      }),
    ).toEqual([expect.objectContaining({ path: ['steps'] })]);
  });

  it('leaves the id to the simulator in a draft only', () => {
    const { id: _id, ...draft } = base();
    expect(parseProcedureDraft(draft).success).toBe(true);
    expect(issuesOf(draft)).toEqual([expect.objectContaining({ path: ['id'] })]);
  });

  it('takes a replacement without an id, but not with another one', () => {
    const { id: _id, ...body } = base();
    expect(parseReplacement('41001', body)).toMatchObject({ success: true, data: { id: '41001' } });
    expect(parseReplacement('41001', { ...body, id: '41002' })).toEqual({
      success: false,
      issues: [{ path: ['id'], message: 'must be "41001", the procedure being replaced' }],
    });
  });

  it('words issues as path: message', () => {
    expect(
      describeIssues([
        { path: ['steps', 2, 'on'], message: 'bad' },
        { path: [], message: 'no' },
      ]),
    ).toEqual(['steps.2.on: bad', 'procedure: no']);
  });
});
