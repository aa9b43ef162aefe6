import { describe, expect, it } from 'vitest';
import { replayDataSchema, type ReplayData } from '@/lib/console/replay';
import { END_USER, REDACTED, redactReplay } from './share-links';

const AT = '2026-12-01T10:00:00.000Z';

/** A refund run with everything a replay can hold about its end user, and internal ids sprinkled in. */
const fixture = (): ReplayData => ({
  conversation: {
    title: 'Refund request',
    kind: 'procedure',
    procedure_name: 'Refund request',
    status: 'complete',
    started_at: AT,
    ended_at: AT,
    user: {
      id: 'user_8f3a2c',
      name: 'Margaret Okafor',
      email: 'margaret.okafor@example.org',
      attributes: { plan: 'Enterprise', company: 'Okafor Bakeries', seats: 42, address: { city: 'Lagos' } },
    },
  },
  steps: [
    {
      seq: 0,
      at: AT,
      kind: 'user',
      author: 'user',
      body: 'Hi, I need a refund for order ORD-77812. I was charged twice; call me on +44 7700 900123',
    },
    {
      seq: 1,
      at: AT,
      kind: 'fin',
      html: '<p>Hi Margaret, let me look at order ORD-77812 for Okafor Bakeries (conversation conv_abc123, procedure proc_refund).</p>',
    },
    {
      seq: 2,
      at: AT,
      kind: 'hitl',
      question: 'Approve a refund for Margaret Okafor (margaret.okafor@example.org)?',
    },
    {
      seq: 3,
      at: AT,
      kind: 'status',
      status: 'thinking',
      reason: 'Waiting on https://fin.test/hitl/cb/step_91',
    },
    { seq: 4, at: AT, kind: 'user', author: 'user', body: 'yes' },
    {
      seq: 5,
      at: AT,
      kind: 'fin',
      html: '<p>Yes, done: ORD-77812 is refunded to MARGARET.OKAFOR@EXAMPLE.ORG.</p>',
    },
    { seq: 6, at: AT, kind: 'user', author: 'agent', body: 'Hello Margaret, Lee from support here.' },
    { seq: 7, at: AT, kind: 'escalation', context: 'Margaret is upset about the double charge' },
    { seq: 8, at: AT, kind: 'csat-requested' },
    { seq: 9, at: AT, kind: 'csat', rating: 'amazing', remark: 'Great help, thanks!' },
  ],
  hitl: [
    {
      seq: 2,
      procedure_name: 'Refund request',
      question: 'Approve a refund for Margaret Okafor (margaret.okafor@example.org)?',
      attributes: [
        { name: 'approve', label: 'Approve', data_type: 'boolean', options: null, value: true },
        { name: 'reason', label: 'Reason', data_type: 'string', options: null, value: 'Duplicate charge' },
        {
          name: 'refund_type',
          label: 'Refund type',
          data_type: 'list',
          options: [
            { id: 'full', label: 'Full' },
            { id: 'partial', label: 'Partial' },
          ],
          value: 'full',
        },
      ],
      state: 'answered',
      answered_by: 'lead@company.test',
      answered_at: AT,
    },
  ],
  notes: [{ seq: 1, body: 'Fin repeats ORD-77812 here: step_91', author: 'Lee Lead', updated_at: AT }],
});

const INTERNAL = [
  'conv_abc123',
  'step_91',
  'https://fin.test/hitl/cb/step_91',
  'proc_refund',
  'lead@company.test',
];
const ALWAYS_GONE = [
  'user_8f3a2c',
  'conv_abc123',
  'step_91',
  'fin.test/hitl',
  'proc_refund',
  'lead@company.test',
];
const PERSONAL = [
  'Margaret',
  'Okafor',
  'margaret.okafor@example.org',
  'ORD-77812',
  '7700',
  '900123',
  'Enterprise',
  'Lagos',
  'double charge',
  'Great help',
  'Duplicate charge',
];

const stepOf = (data: ReplayData, seq: number) => data.steps.find((s) => s.seq === seq)!;

describe('redactReplay, redacting', () => {
  const out = redactReplay(fixture(), { redact: true, internal: INTERNAL });
  const text = JSON.stringify(out);

  it('leaves no internal id and none of the end user’s personal data anywhere, in any case', () => {
    for (const gone of [...ALWAYS_GONE, ...PERSONAL])
      expect(text.toLowerCase()).not.toContain(gone.toLowerCase());
  });

  it('puts neutral placeholders where the user was, keeping attribute names', () => {
    expect(out.conversation.user).toEqual({
      id: '',
      name: END_USER,
      email: null,
      attributes: { plan: REDACTED, company: REDACTED, seats: REDACTED, address: REDACTED },
    });
    expect(stepOf(out, 0)).toMatchObject({ body: REDACTED });
    expect(stepOf(out, 4)).toMatchObject({ body: REDACTED });
    expect(stepOf(out, 7)).toMatchObject({ context: REDACTED });
    expect(stepOf(out, 9)).toMatchObject({ rating: 'amazing', remark: REDACTED });
  });

  it('keeps Fin’s words and the HITL question, with the user’s own data cut out of them', () => {
    expect(stepOf(out, 1)).toMatchObject({
      html: `<p>Hi ${REDACTED}, let me look at order ${REDACTED} for ${REDACTED} (conversation ${REDACTED}, procedure ${REDACTED}).</p>`,
    });
    expect(stepOf(out, 5)).toMatchObject({
      html: `<p>Yes, done: ${REDACTED} is refunded to ${REDACTED}.</p>`,
    });
    expect(stepOf(out, 2)).toMatchObject({
      question: `Approve a refund for ${REDACTED} (${REDACTED})?`,
    });
    expect(stepOf(out, 6)).toMatchObject({ body: `Hello ${REDACTED}, Lee from support here.` });
  });

  it('keeps the decision (choices, yes/no) but not text a teammate typed, and never a teammate’s email', () => {
    const [decision] = out.hitl;
    expect(decision!.attributes.map((a) => a.value)).toEqual([true, REDACTED, 'full']);
    expect(decision!.answered_by).toBe('A teammate');
    expect(out.notes).toEqual([
      { seq: 1, body: `Fin repeats ${REDACTED} here: ${REDACTED}`, author: 'Lee Lead', updated_at: AT },
    ]);
  });

  it('answers a valid replay and leaves its input alone', () => {
    expect(replayDataSchema.parse(out)).toEqual(out);
    const input = fixture();
    redactReplay(input, { redact: true, internal: INTERNAL });
    expect(input).toEqual(fixture());
  });

  it('finds the user’s words in Fin’s HTML however it escaped them', () => {
    const data = fixture();
    data.conversation.user.name = "Dan O'Neil & Co";
    data.steps = [
      { seq: 0, at: AT, kind: 'fin', html: '<p>Thanks Dan O&#39;Neil &amp; Co, and O&#x27;Neil again</p>' },
    ];
    const html = (stepOf(redactReplay(data, { redact: true }), 0) as { html: string }).html;
    expect(html).not.toMatch(/Dan|Neil/);
  });
});

describe('redactReplay, not redacting', () => {
  const out = redactReplay(fixture(), { redact: false, internal: INTERNAL });
  const text = JSON.stringify(out);

  it('still strips every internal id and teammates’ emails', () => {
    for (const gone of ALWAYS_GONE) expect(text).not.toContain(gone);
    expect(out.conversation.user.id).toBe('');
    expect(out.hitl[0]!.answered_by).toBe('A teammate');
  });

  it('shows the end user as they were', () => {
    expect(out.conversation.user).toMatchObject({
      name: 'Margaret Okafor',
      email: 'margaret.okafor@example.org',
      attributes: fixture().conversation.user.attributes,
    });
    expect(stepOf(out, 0)).toEqual(stepOf(fixture(), 0));
    expect(stepOf(out, 1)).toMatchObject({
      html: `<p>Hi Margaret, let me look at order ORD-77812 for Okafor Bakeries (conversation ${REDACTED}, procedure ${REDACTED}).</p>`,
    });
    expect(out.hitl[0]!.attributes[1]!.value).toBe('Duplicate charge');
  });

  it('names a user without a name “End user” rather than by id', () => {
    const data = fixture();
    data.conversation.user.name = null;
    expect(redactReplay(data, { redact: false }).conversation.user.name).toBe(END_USER);
  });
});
