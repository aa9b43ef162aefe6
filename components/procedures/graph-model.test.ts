import { describe, expect, it } from 'vitest';
import { conditionLabel, END_ID, procedureGraph } from './graph-model';
import type { Step } from '@/lib/procedures/schema';

const hitl: Step = {
  id: 'approve',
  kind: 'hitl',
  question: '<p>Approve?</p>',
  priority: 'priority',
  assign_to: { type: 'team', id: '1', name: 'Billing' },
  expires_in_s: 60,
  on_timeout: 'late',
  attributes: [
    { key: 'ok', uuid: 'u1', name: 'Ok', label: 'Approve', data_type: 'boolean' },
    {
      key: 'why',
      uuid: 'u2',
      name: 'Why',
      label: 'Reason',
      data_type: 'list',
      options: [{ id: 'a', label: 'A' }],
    },
  ],
};

const steps: Step[] = [
  { id: 'hello', kind: 'say', html: '<p>Hi <b>there</b></p>' },
  { id: 'ask', kind: 'ask_user', question: 'Order?', store: 'order' },
  hitl,
  {
    id: 'route',
    kind: 'branch',
    on: 'ok',
    cases: [
      { op: 'eq', value: true, goto: 'done' },
      { op: 'in', values: ['x', 'y'], goto: 'late' },
    ],
    otherwise: 'late',
  },
  { id: 'done', kind: 'say', html: 'Done', next: 'tail' },
  { id: 'late', kind: 'escalate', reason: 'Routed to team' },
  { id: 'tail', kind: 'say', html: 'Bye' },
];

describe('procedureGraph', () => {
  const { nodes, edges } = procedureGraph({ steps });
  const from = (id: string) => edges.filter((e) => e.source === id).map((e) => [e.target, e.kind, e.label]);

  it('draws a node per step, with the facts each kind shows, and an end node when a step falls off', () => {
    expect(nodes.map((n) => [n.id, n.kind])).toEqual([
      ['hello', 'say'],
      ['ask', 'ask_user'],
      ['approve', 'hitl'],
      ['route', 'branch'],
      ['done', 'say'],
      ['late', 'escalate'],
      ['tail', 'say'],
      [END_ID, 'end'],
    ]);
    expect(nodes[0]!.lines).toEqual(['Hi there']);
    expect(nodes[1]!.lines).toEqual(['Order?', 'stores order']);
    expect(nodes[2]!.lines).toEqual([
      'Approve?',
      'Approve: boolean',
      'Reason: list (1)',
      'assigned to Billing · priority · expires in 60s',
    ]);
    expect(nodes[5]!.lines).toEqual(['Routed to team']);
  });

  it('follows next, the step order, cases, otherwise and on_timeout', () => {
    expect(from('hello')).toEqual([['ask', 'next', undefined]]);
    expect(from('approve')).toEqual([
      ['route', 'next', undefined],
      ['late', 'timeout', 'on timeout'],
    ]);
    expect(from('route')).toEqual([
      ['done', 'case', '= true'],
      ['late', 'case', 'one of “x”, “y”'],
      ['late', 'otherwise', 'otherwise'],
    ]);
    expect(from('done')).toEqual([['tail', 'next', undefined]]);
    expect(from('late')).toEqual([]);
    expect(from('tail')).toEqual([[END_ID, 'next', undefined]]);
    expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
  });

  it('leaves out edges to steps that do not exist, and the end node when nothing reaches it', () => {
    const g = procedureGraph({
      steps: [
        { id: 'a', kind: 'say', html: 'x', next: 'missing' },
        { id: 'b', kind: 'resolve' },
      ],
    });
    expect(g.edges).toEqual([]);
    expect(g.nodes.map((n) => n.id)).toEqual(['a', 'b']);
  });
});

describe('conditionLabel', () => {
  it('says each operator', () => {
    expect(conditionLabel({ op: 'eq', value: 'Pro' })).toBe('= “Pro”');
    expect(conditionLabel({ op: 'gte', value: 5 })).toBe('≥ 5');
    expect(conditionLabel({ op: 'lt', value: 2 })).toBe('< 2');
  });
});
