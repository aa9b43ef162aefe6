/** Phase 2 of the reliability run, bad input (docs/reliability.md): fast-check requests for every route. */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { HitlStep, StoredEvent } from '@/lib/console/types';
import { PROCEDURE_IDS } from '@/lib/sim/procedures';
import { createParser } from 'eventsource-parser';
import { conversationStream, ROUTES, type Api, type ApiResult, type RouteName } from './api';
import { hitlEnvelope } from './access';
import { answerFor } from './faults';
import { seeded } from './random';
import type { Rig } from './rig';
import { feedUntilEnd, sleep } from '@/testing/util';

export interface RouteFuzzStats {
  cases: number;
  ok: number;
  rejected: number;
  fiveHundreds: number;
  badRejections: number;
  storedFromRejected: number;
  errorsLogged: number;
  streamMismatches: number;
}

export interface FuzzResult {
  cases: number;
  fiveHundreds: number;
  otherFailures: number;
  byRoute: Map<string, RouteFuzzStats>;
  failures: string[];
}

/** Text that random-looking enough not to compress (long ids must not be squeezed by Postgres). */
function longText(seed: number, length: number): string {
  const rng = seeded(seed);
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~日本語中文한국어éàüß';
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

const NASTY = [
  '',
  ' ',
  '   \t\n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u202eevil',
  '🙂👍🏽',
  '%00',
  '%',
  '%E0%A4%A',
  '..',
  '../../_sim/reset',
  "'; DROP TABLE conversations; --",
  '<script>alert(1)</script>',
  '\r\nX-Injected: 1',
  'null',
  '__proto__',
  'constructor',
  '0',
  '-1',
  '1e309',
  '9007199254740993',
  '2147483648',
  'x'.repeat(10_001),
];

const nastyString = fc.constantFrom(...NASTY);
const longString = fc.tuple(fc.nat(), fc.integer({ min: 700, max: 3000 })).map(([s, n]) => longText(s, n));
const anyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: longString },
);

/** Deeply nested JSON, built as text (fast-check would recurse as deep). */
const deepJson = fc
  .integer({ min: 200, max: 4000 })
  .map((depth) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyString },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 1e308, -1e308, 2 ** 53, 2 ** 31),
    ),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(anyString, { maxLength: 12 }) },
  { weight: 1, arbitrary: fc.dictionary(anyString, anyString, { maxKeys: 14 }) },
  { weight: 1, arbitrary: deepJson },
);

const headerValue = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,80}$/),
  fc.constantFrom(
    '',
    '%00',
    '%E0%A4%A',
    '%F0%9F%99%82',
    encodeURIComponent('Zoë'),
    'x'.repeat(5000),
    '\xff\xfe',
    '99999999999999999999',
    '1e400',
    '-5',
    '0x10',
    '3.5',
    ' 7 ',
  ),
);

type Mutation = { target: number; op: 'delete' | 'replace' | 'add' | 'wrap'; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  target: fc.nat(),
  op: fc.constantFrom('delete', 'replace', 'replace', 'add', 'wrap'),
  key: fc.oneof(fc.string({ maxLength: 12 }), nastyString),
  value: anyValue,
});

function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (prefix.length >= 6) return out;
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

type Container = Record<string | number, unknown>;

/** Copies only along the path (values may be too deep to clone), then lets `fn` edit the copy. */
function editAt(
  v: unknown,
  p: (string | number)[],
  fn: (parent: Container, key: string | number) => void,
): unknown {
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Container;
  const [head, ...rest] = p;
  if (rest.length === 0) fn(copy, head!);
  else copy[head!] = editAt(copy[head!], rest, fn);
  return copy;
}

function applyMutations(template: unknown, mutations: Mutation[]): unknown {
  let body = template;
  for (const m of mutations) {
    const all = paths(body);
    const p = all[m.target % all.length]!;
    if (p.length === 0) {
      body =
        m.op === 'delete'
          ? undefined
          : m.op === 'wrap'
            ? [body]
            : m.op === 'add' && body && typeof body === 'object'
              ? { ...body, [m.key]: m.value }
              : m.value;
      continue;
    }
    body = editAt(body, p, (parent, last) => {
      if (m.op === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      } else if (m.op === 'replace') parent[last] = m.value;
      else if (m.op === 'wrap') parent[last] = [parent[last]];
      else if (parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last]))
        parent[last] = { ...parent[last], [m.key]: m.value };
      else parent[m.key] = m.value;
    });
  }
  return body;
}

function bodyFrom(
  template: fc.Arbitrary<unknown>,
): fc.Arbitrary<{ body: unknown; raw?: string; kind: string }> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(template, fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([t, ms]) => ({ body: applyMutations(t, ms), kind: 'mutated' })),
    },
    { weight: 2, arbitrary: template.map((t) => ({ body: t, kind: 'valid' })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ body: v, kind: 'random-json' })) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 3000, max: 60_000 }).map((n) => ({
        body: undefined,
        raw: `{"conversation_id":"fuzz-deep-${n}","message":{"author":"user","body":"x"},"user":{"id":"u","attributes":{"a":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}},"teammate":"T","attribute_values":[]}`,
        kind: 'deep-raw',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            '',
            '{oops',
            'null',
            '[]',
            '"x"',
            '{"a":',
            '\u0000',
            '{"__proto__":{"polluted":1}}',
            '1'.repeat(400),
          ),
          fc.string({ maxLength: 50 }),
        )
        .map((raw) => ({ body: undefined, raw, kind: 'not-json' })),
    },
  );
}

interface World {
  conversations: string[];
  steps: HitlStep[];
  rig: Rig;
  /** An account made for the sign-in cases (the demo accounts are kept clear of its failed attempts). */
  account: { email: string; password: string };
  lead: Record<string, string>;
}

export interface FuzzCase {
  route: RouteName | 'stream';
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
  raw?: string;
  kind: string;
  signature?: string;
}

const user = fc.record(
  {
    id: fc.oneof(fc.constantFrom('fuzz-user', 'fuzz-user-2'), anyString),
    name: anyString,
    email: fc.constantFrom('fuzz@example.com', 'fuzz@example.com', 'not-an-email'),
    attributes: fc.dictionary(
      fc.constantFrom('plan_type', 'vip', 'seats', 'country', 'unknown_attr'),
      anyValue,
      { maxKeys: 4 },
    ),
  },
  { requiredKeys: ['id'] },
);
const message = fc.record({ author: fc.constantFrom('user', 'agent', 'fin'), body: anyString });
const optionalHeaders = fc.dictionary(
  fc.constantFrom(
    'x-teammate',
    'content-type',
    'last-event-id',
    'authorization',
    'x-forwarded-for',
    'accept',
    'x-sim-fault',
  ),
  headerValue,
  { maxKeys: 3 },
);

function caseArbitrary(world: World): fc.Arbitrary<FuzzCase> {
  const known = () =>
    world.conversations.length ? fc.constantFrom(...world.conversations) : fc.constant('none');
  const conversationId = fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).map((s) => `fuzz-${s}`) },
    { weight: 2, arbitrary: known() },
    { weight: 2, arbitrary: anyString },
    { weight: 1, arbitrary: longString },
  );
  const procedureId = fc.oneof(fc.constantFrom(...Object.values(PROCEDURE_IDS)), anyString);
  const stepId = fc.oneof(
    {
      weight: 3,
      arbitrary: world.steps.length
        ? fc.constantFrom(...world.steps.map((s) => s.step_id))
        : fc.constant('none'),
    },
    { weight: 1, arbitrary: anyString },
  );
  const stepParams = stepId.map((stepId) => ({ stepId }));
  const post = (
    route: RouteName,
    template: fc.Arbitrary<unknown>,
    params: fc.Arbitrary<Record<string, string>> = fc.constant({}),
  ) =>
    fc
      .record({ b: bodyFrom(template), params, headers: optionalHeaders })
      .map(({ b, params, headers }): FuzzCase => ({
        route,
        params,
        query: {},
        headers,
        body: b.body,
        raw: b.raw,
        kind: b.kind,
      }));
  const get = (
    route: RouteName | 'stream',
    query: fc.Arbitrary<Record<string, string>>,
    params: fc.Arbitrary<Record<string, string>> = fc.constant({}),
  ) =>
    fc
      .record({ query, params, headers: optionalHeaders })
      .map(({ query, params, headers }): FuzzCase => ({ route, params, query, headers, kind: 'query' }));
  const queryOf = (keys: string[]) =>
    fc.dictionary(
      fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })),
      fc.oneof(
        anyString,
        fc.constantFrom(
          'pending',
          'answered',
          'failed',
          'complete',
          'replying',
          '10',
          '0',
          '501',
          '-3',
          '1e2',
        ),
      ),
      { maxKeys: 4 },
    );

  // A submission mostly names a real pending step and carries answers for that step's attributes.
  const submitCase = (world.steps.length ? fc.constantFrom(...world.steps) : fc.constant(null)).chain(
    (step) =>
      post(
        'submit',
        fc.record({
          teammate: fc.oneof(fc.constantFrom('Fuzz Teammate'), anyString),
          attribute_values: fc.constant(step ? answerFor(step, seeded(1)) : []),
        }),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant({ stepId: step?.step_id ?? 'none' }) },
          { weight: 1, arbitrary: stepParams },
        ),
      ),
  );

  return fc.oneof(
    post('capabilities', fc.record({ user })),
    post('ask', fc.record({ conversation_id: conversationId, message, user })),
    post(
      'start',
      fc.record({
        conversation_id: conversationId,
        message,
        user,
        settings: fc.record({ follow_up_questions: fc.boolean() }),
      }),
    ),
    post('reply', fc.record({ conversation_id: conversationId, message, user })),
    post(
      'run',
      fc.record(
        { conversation_id: conversationId, user, message },
        { requiredKeys: ['conversation_id', 'user'] },
      ),
      procedureId.map((procedureId) => ({ procedureId })),
    ),
    post(
      'escalate',
      fc.oneof(
        fc.record({ conversation_id: conversationId, context: anyString }),
        fc.record({ user, message: anyString }),
      ),
    ),
    post(
      'csat',
      fc.record(
        {
          conversation_id: conversationId,
          rating: fc.oneof(fc.constantFrom('terrible', 'bad', 'ok', 'good', 'amazing'), anyString),
          remark: anyString,
        },
        { requiredKeys: ['conversation_id', 'rating'] },
      ),
    ),
    submitCase,
    post('claim', fc.record({ teammate: anyString }), stepParams),
    fc
      .record({
        stepId,
        headers: optionalHeaders,
        body: fc.option(fc.record({ teammate: anyString }), { nil: undefined }),
      })
      .map(({ stepId, headers, body }): FuzzCase => ({
        route: 'release',
        params: { stepId },
        query: {},
        headers,
        body,
        kind: 'release',
      })),
    get('steps', queryOf(['status'])),
    get('step', fc.constant({}), stepParams),
    get('linkView', fc.constant({}), stepParams),
    post('setLink', fc.record({ conversation_id: fc.oneof(conversationId, fc.constant(null)) }), stepParams),
    get('conversations', queryOf(['status', 'procedure_id', 'q', 'limit'])),
    get(
      'conversation',
      fc.constant({}),
      conversationId.map((id) => ({ id })),
    ),
    get(
      'stream',
      queryOf(['after']),
      fc.oneof({ weight: 3, arbitrary: known() }, { weight: 1, arbitrary: anyString }).map((id) => ({ id })),
    ),
    get('calls', queryOf(['conversation_id'])),
    get('health', fc.constant({})),
    webhookCase(world, conversationId),
    // The one door open to everyone: more cases than a single route gets.
    { weight: 3, arbitrary: signInCase(world) },
  );
}

function signInCase(world: World): fc.Arbitrary<FuzzCase> {
  const { account } = world;
  const mixed = fc.record({
    email: fc.oneof(
      { weight: 3, arbitrary: fc.constant(account.email) },
      { weight: 1, arbitrary: fc.constant(account.email.toUpperCase()) },
      { weight: 1, arbitrary: fc.constant(` ${account.email} `) },
      { weight: 1, arbitrary: fc.constant('nobody@fuzz.test') },
      { weight: 2, arbitrary: anyString },
    ),
    password: fc.oneof(
      { weight: 2, arbitrary: fc.constant(account.password) },
      { weight: 2, arbitrary: anyString },
      { weight: 1, arbitrary: longString },
    ),
  });
  // Right credentials often enough that signing in (and setting a cookie) is fuzzed too.
  const template = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ email: account.email, password: account.password }) },
    { weight: 2, arbitrary: mixed },
  );
  const headers = fc.dictionary(
    fc.constantFrom(
      'cookie',
      'origin',
      'sec-fetch-site',
      'x-forwarded-for',
      'x-real-ip',
      'content-type',
      'authorization',
      'host',
    ),
    fc.oneof(
      headerValue,
      fc.constantFrom(
        'fin_console_session=garbage',
        'fin_console_session=',
        'fin_console_session=a; fin_console_session=b',
        'http://evil.example',
        'null',
        'cross-site',
        'same-origin',
        'http://console.test',
        '127.0.0.1, 10.0.0.1',
        'Bearer ',
        'Bearer fcon_0000',
        'text/plain',
      ),
    ),
    { maxKeys: 3 },
  );
  return fc
    .record({ b: bodyFrom(template), headers, ip: fc.integer({ min: 1, max: 60_000 }) })
    .map(({ b, headers, ip }): FuzzCase => ({
      route: 'signIn',
      params: {},
      query: {},
      // A forwarded address per case, unless the case sets one: failed attempts must not lock the fuzz account out of every later case.
      headers: { 'x-forwarded-for': `10.9.${ip >> 8}.${ip & 255}`, ...headers },
      body: b.body,
      raw: b.raw,
      kind: `sign-in/${b.kind}`,
    }));
}

function webhookCase(world: World, conversationId: fc.Arbitrary<string>): fc.Arbitrary<FuzzCase> {
  const { rig } = world;
  const now = new Date().toISOString();
  const finEvent = fc.oneof(
    fc.record({
      event_name: fc.constant('fin_status_updated'),
      conversation_id: conversationId,
      user_id: anyString,
      status: fc.constantFrom('awaiting_user_reply', 'escalated', 'resolved', 'complete'),
      created_at_ms: fc.oneof(
        fc.constant(now),
        anyString,
        fc.constantFrom(
          '-271821-04-20T00:00:00.000Z',
          '+275760-09-13T00:00:00.000Z',
          '0',
          '2024-02-30T00:00:00Z',
        ),
      ),
    }),
    fc.record({
      event_name: fc.constant('fin_replied'),
      conversation_id: conversationId,
      user_id: anyString,
      message: fc.record({
        id: anyString,
        author: fc.constant('fin'),
        body: anyString,
        timestamp_ms: fc.constant(now),
      }),
      status: fc.constantFrom('replying', 'awaiting_user_reply'),
      created_at_ms: fc.constant(now),
    }),
    fc.record({
      event_name: fc.constant('csat_requested'),
      conversation_id: conversationId,
      user_id: anyString,
      csat: fc.constant({ options: [{ key: 'good', emoji: '😃', label: 'Great' }] }),
      created_at_ms: fc.constant(now),
    }),
  );
  const envelope = fc
    .record({
      id: fc.oneof(
        fc.uuid().map((u) => `notif_${u}`),
        anyString,
      ),
      step: fc.oneof(fc.uuid(), anyString),
      question: anyString,
      conv: fc.oneof(fc.constantFrom('215473000000007', '999000111'), anyString),
      expires: fc.oneof(fc.constant(null), fc.integer(), fc.constantFrom(2 ** 53, -1)),
    })
    .map(({ id, step, question, conv, expires }) =>
      hitlEnvelope(rig, { id, stepId: step, conversationId: conv, question, expiresAt: expires }),
    );
  type Sig =
    | 'none'
    | 'random'
    | 'forged-sha1'
    | 'forged-sha256'
    | 'valid-sha1'
    | 'valid-sha256'
    | 'swapped'
    | 'both'
    | 'malformed';
  const sig = fc.constantFrom<Sig>(
    'none',
    'random',
    'forged-sha1',
    'forged-sha256',
    'valid-sha1',
    'valid-sha256',
    'valid-sha256',
    'swapped',
    'both',
    'malformed',
  );
  return fc
    .record({ b: bodyFrom(fc.oneof(finEvent, envelope)), sig, extra: optionalHeaders, junk: headerValue })
    .map(({ b, sig, extra, junk }): FuzzCase => {
      const raw = b.raw ?? (b.body === undefined ? '' : JSON.stringify(b.body));
      const hmac = (alg: 'sha1' | 'sha256', key: string) =>
        `${alg}=${createHmac(alg, key).update(raw).digest('hex')}`;
      const headers: Record<string, string> = { ...extra };
      delete headers['x-hub-signature'];
      delete headers['x-fin-agent-api-webhook-signature'];
      if (sig === 'random') headers['x-fin-agent-api-webhook-signature'] = junk;
      if (sig === 'forged-sha1') headers['x-hub-signature'] = hmac('sha1', 'not-the-secret');
      if (sig === 'forged-sha256')
        headers['x-fin-agent-api-webhook-signature'] = hmac('sha256', `${rig.eventsSecret}x`);
      if (sig === 'valid-sha1') headers['x-hub-signature'] = hmac('sha1', rig.clientSecret);
      if (sig === 'valid-sha256')
        headers['x-fin-agent-api-webhook-signature'] = hmac('sha256', rig.eventsSecret);
      if (sig === 'swapped') headers['x-fin-agent-api-webhook-signature'] = hmac('sha1', rig.clientSecret);
      if (sig === 'both') {
        headers['x-hub-signature'] = hmac('sha1', 'wrong');
        headers['x-fin-agent-api-webhook-signature'] = hmac('sha256', rig.eventsSecret);
      }
      if (sig === 'malformed') headers['x-hub-signature'] = `sha1=${junk}`;
      return {
        route: 'webhook',
        params: {},
        query: {},
        headers,
        raw,
        kind: `${b.kind}/${sig}`,
        signature: sig,
      };
    });
}

interface Snapshot {
  conversations: Set<string>;
  events: Map<string, number>;
  steps: Map<string, { conversation: string; state: string }>;
  auditMax: number;
}

async function snapshot(rig: Rig): Promise<Snapshot> {
  const db = (await rig.ctx()).db;
  const [convs, events, steps, audit] = await Promise.all([
    db.query<{ id: string }>('SELECT id FROM conversations'),
    db.query<{ conversation_id: string; n: number }>(
      'SELECT conversation_id, count(*)::int AS n FROM events GROUP BY conversation_id',
    ),
    db.query<{
      step_id: string;
      conversation_id: string;
      status: string;
      claimed_by: string | null;
      outcome: string | null;
      attribute_values: unknown;
    }>('SELECT step_id, conversation_id, status, claimed_by, outcome, attribute_values FROM hitl_steps'),
    db.query<{ m: number | null }>('SELECT max(id)::int AS m FROM audit_log'),
  ]);
  return {
    conversations: new Set(convs.map((r) => r.id)),
    events: new Map(events.map((r) => [r.conversation_id, r.n])),
    steps: new Map(
      steps.map((r) => [
        r.step_id,
        {
          conversation: r.conversation_id,
          state: JSON.stringify([r.status, r.claimed_by, r.outcome, r.attribute_values]),
        },
      ]),
    ),
    auditMax: audit[0]?.m ?? 0,
  };
}

interface Accepted {
  conversations: Set<string>;
  intercomIds: Set<string>;
  steps: Set<string>;
}

async function newRowsUnexplained(
  rig: Rig,
  before: Snapshot,
  after: Snapshot,
  ok: Accepted,
): Promise<string[]> {
  const out: string[] = [];
  for (const id of after.conversations)
    if (!before.conversations.has(id) && !ok.conversations.has(id))
      out.push(`conversation ${JSON.stringify(id.slice(0, 60))}`);
  for (const [id, n] of after.events)
    if (n > (before.events.get(id) ?? 0) && !ok.conversations.has(id))
      out.push(`${n - (before.events.get(id) ?? 0)} event(s) on ${JSON.stringify(id.slice(0, 60))}`);
  for (const [id, s] of after.steps) {
    const was = before.steps.get(id);
    if (!was && !ok.intercomIds.has(s.conversation) && !ok.steps.has(id))
      out.push(`HITL step ${id.slice(0, 40)}`);
    else if (was && was.state !== s.state && !ok.steps.has(id))
      out.push(`HITL step ${id.slice(0, 40)} changed ${was.state} → ${s.state}`);
  }
  if (after.auditMax > before.auditMax) {
    const db = (await rig.ctx()).db;
    const rows = await db.query<{ action: string; target: string | null }>(
      'SELECT action, target FROM audit_log WHERE id > $1',
      [before.auditMax],
    );
    for (const r of rows)
      if (!r.target || !(ok.conversations.has(r.target) || ok.steps.has(r.target)))
        out.push(`audit ${r.action} ${JSON.stringify(r.target?.slice(0, 40))}`);
  }
  return out;
}

const BENIGN_LOG = [
  /Rejected a webhook/,
  /did not match any documented event shape/,
  // Signed bodies off the contract are recorded as drift, once per kind: not a server fault.
  /Contract drift at /,
  /Fin API answered 5\d\d/,
  /upstream_unavailable/,
];

function isErrorList(json: unknown): boolean {
  const b = json as { type?: unknown; errors?: unknown } | null;
  return (
    !!b &&
    b.type === 'error.list' &&
    Array.isArray(b.errors) &&
    b.errors.length > 0 &&
    b.errors.every(
      (e: { message?: unknown; code?: unknown }) =>
        typeof e?.message === 'string' && e.message.trim() !== '' && typeof e.code === 'string',
    )
  );
}

/** CSAT's documented 422: `{errors: {field: message}}` with non-empty messages. */
function isCsatError(json: unknown): boolean {
  const e = (json as { errors?: unknown } | null)?.errors;
  return (
    !!e &&
    typeof e === 'object' &&
    !Array.isArray(e) &&
    Object.values(e).length > 0 &&
    Object.values(e).every((m) => typeof m === 'string' && m.trim() !== '')
  );
}

function buildRequest(api: Api, c: FuzzCase, lead: Record<string, string>): Request | null {
  const route = c.route === 'stream' ? null : c.route;
  const path = route
    ? api.url(routePath(route), c.params, c.query)
    : api.url('/api/conversations/:id/stream', c.params, c.query);
  const method = route ? methodOf(route) : 'GET';
  const hasBody = method !== 'GET' && (c.raw !== undefined || c.body !== undefined);
  const headers = new Headers();
  if (hasBody) headers.set('content-type', 'application/json');
  try {
    for (const [k, v] of Object.entries(api.withAuth(c.headers, lead))) headers.set(k, v);
    return new Request(path, {
      method,
      headers,
      ...(hasBody ? { body: c.raw ?? JSON.stringify(c.body) } : {}),
    });
  } catch {
    // A header a browser could not send either.
    return null;
  }
}

const routePath = (r: RouteName) => ROUTES[r].path;
const methodOf = (r: RouteName) => ROUTES[r].method;

async function readStreamBriefly(res: Response, ms: number, api: Api): Promise<number[]> {
  const seqs: number[] = [];
  const parser = createParser({
    onEvent: (m) => {
      api.scan('GET /api/conversations/:id/stream', m.data);
      if (m.event === 'fin') seqs.push((JSON.parse(m.data) as StoredEvent).seq);
    },
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const stop = setTimeout(() => void reader.cancel().catch(() => undefined), ms);
  await feedUntilEnd(reader, parser);
  clearTimeout(stop);
  return seqs;
}

async function storedSeqs(api: Api, id: string): Promise<number[]> {
  const detail = await api.call('conversation', { params: { id } });
  return ((detail.json as { events?: StoredEvent[] } | null)?.events ?? []).map((e) => e.seq);
}

/** What a resume value means: Last-Event-ID wins over ?after=; a positive whole number, else 0. */
function expectedResume(c: FuzzCase): number {
  const header = Object.entries(c.headers).find(([k]) => k.toLowerCase() === 'last-event-id')?.[1];
  const raw = header ?? c.query.after ?? '0';
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

async function prepareWorld(rig: Rig, api: Api, log: (s: string) => void): Promise<World> {
  const known = await api.call('conversations', { query: { limit: '50' } });
  const conversations = Array.isArray(known.json) ? (known.json as { id: string }[]).map((c) => c.id) : [];
  const account = { email: `fuzz-${process.pid}-${Date.now()}@fuzz.test`, password: 'fuzz-password-0123' };
  const made = await api.call('createUser', {
    body: { name: 'Fuzz Account', email: account.email, role: 'viewer', password: account.password },
  });
  if (made.status !== 201) log(`  fuzz: creating the sign-in account answered ${made.status}`);
  const lead = await api.signIn('lead@demo.test', 'demo-lead');
  const world: World = { conversations, steps: [], rig, account, lead };
  await refillSteps(world, api, 4);
  log(`  fuzz: ${conversations.length} known conversations, ${world.steps.length} pending HITL steps`);
  return world;
}

let refillCounter = 0;
async function refillSteps(world: World, api: Api, count: number): Promise<void> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `fuzz-hitl-${process.pid}-${++refillCounter}`;
    const procedureId = i % 2 ? PROCEDURE_IDS.planUpgrade : PROCEDURE_IDS.priorityCallback;
    const res = await api.call('run', {
      params: { procedureId },
      body: { conversation_id: id, user: { id: 'fuzz-hitl', attributes: { plan_type: 'Pro', vip: true } } },
    });
    if (res.status === 200) ids.push(id);
  }
  // Found by the Intercom id the webhook names (the simulator's own record): runs started this
  // close together may leave their steps unlinked, as they would be on a real workspace.
  const intercomIds = await Promise.all(
    ids.map(async (id) => {
      const res = await fetch(`${world.rig.simUrl}/_sim/conversations/${encodeURIComponent(id)}`);
      return res.ok
        ? String(((await res.json()) as { intercom_conversation_id: unknown }).intercom_conversation_id)
        : null;
    }),
  );
  const deadline = Date.now() + world.rig.webhookRetryMs + 10_000;
  for (let i = 0; i < 400 && Date.now() < deadline; i++) {
    const res = await api.call('steps', { query: { status: 'pending' } });
    const pending = (res.json as HitlStep[]).filter((s) => intercomIds.includes(s.conversation_id));
    if (pending.length >= ids.length) {
      world.steps = [...world.steps.filter((s) => !pending.some((p) => p.step_id === s.step_id)), ...pending];
      world.conversations.push(...ids);
      return;
    }
    await sleep(100);
  }
}

export async function runFuzz(
  rig: Rig,
  api: Api,
  o: {
    cases: number;
    seed: number;
    log: (s: string) => void;
    verbose: boolean;
    lines: { level: string; text: string }[];
  },
): Promise<FuzzResult> {
  const result: FuzzResult = {
    cases: 0,
    fiveHundreds: 0,
    otherFailures: 0,
    byRoute: new Map(),
    failures: [],
  };
  if (o.cases === 0) return result;
  const world = await prepareWorld(rig, api, o.log);
  const accepted: Accepted = {
    conversations: new Set(world.conversations),
    intercomIds: new Set(),
    steps: new Set(),
  };
  for (const s of world.steps) {
    accepted.intercomIds.add(s.conversation_id);
    accepted.steps.add(s.step_id);
  }
  const stats = (route: string) => {
    let s = result.byRoute.get(route);
    if (!s)
      result.byRoute.set(
        route,
        (s = {
          cases: 0,
          ok: 0,
          rejected: 0,
          fiveHundreds: 0,
          badRejections: 0,
          storedFromRejected: 0,
          errorsLogged: 0,
          streamMismatches: 0,
        }),
      );
    return s;
  };
  const fail = (c: FuzzCase, what: string) => {
    const input = JSON.stringify({
      route: c.route,
      params: c.params,
      query: c.query,
      headers: c.headers,
      body: c.raw ?? c.body,
    });
    result.failures.push(
      `${c.route} (${c.kind}): ${what} — input ${input.length > 300 ? `${input.slice(0, 300)}…` : input}`,
    );
  };

  // Batches, so pending steps consumed by accepted answers can be replaced between them.
  const batch = 50;
  let refills = 0;
  for (let done = 0; done < o.cases; done += batch) {
    const n = Math.min(batch, o.cases - done);
    let cases: FuzzCase[];
    try {
      cases = fc.sample(caseArbitrary(world), { numRuns: n, seed: o.seed + done });
    } catch (error) {
      // A generator fault is ours, not the console's: reported, and the batch skipped.
      result.otherFailures++;
      result.failures.push(`fuzz generator failed (seed ${o.seed + done}): ${String(error)}`);
      continue;
    }
    let before = await snapshot(rig);
    for (const c of cases) {
      const req = buildRequest(api, c, world.lead);
      if (!req) continue;
      const s = stats(c.route);
      s.cases++;
      result.cases++;
      const logMark = o.lines.length;
      let res: ApiResult;
      let streamSeqs: number[] | null = null;
      let seqsBefore: number[] = [];
      if (c.route === 'stream') {
        const id = (c.params.id ?? '').toWellFormed();
        seqsBefore = await storedSeqs(api, id);
        const r = await rig.track(() =>
          conversationStream(req, { params: Promise.resolve({ id }) as Promise<never> }),
        );
        if (r.status === 200 && r.body) {
          streamSeqs = await readStreamBriefly(r, 150, api);
          res = { status: 200, text: '', json: null, headers: r.headers };
        } else {
          const text = await r.text();
          api.scan('GET /api/conversations/:id/stream', text, r.headers);
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          res = { status: r.status, text, json, headers: r.headers };
        }
      } else {
        res = await api.send(c.route, req, c.params);
      }

      if (res.status >= 500) {
        s.fiveHundreds++;
        result.fiveHundreds++;
        fail(c, `answered ${res.status} ${res.text.slice(0, 160)}`);
      } else if (res.status >= 400) {
        s.rejected++;
        const okBody =
          isErrorList(res.json) || (c.route === 'csat' && res.status === 422 && isCsatError(res.json));
        if (!okBody) {
          s.badRejections++;
          result.otherFailures++;
          fail(c, `rejected ${res.status} without an error.list message: ${res.text.slice(0, 160)}`);
        }
      } else {
        s.ok++;
        noteAccepted(c, res, accepted);
      }

      const after = await snapshot(rig);
      if (res.status >= 400) {
        const extra = await newRowsUnexplained(rig, before, after, accepted);
        if (extra.length) {
          s.storedFromRejected++;
          result.otherFailures++;
          fail(c, `rejected ${res.status} but stored: ${extra.slice(0, 3).join('; ')}`);
        }
      }
      before = after;

      const logged = o.lines
        .slice(logMark)
        .filter(
          (l) => (l.level === 'error' || l.level === 'warn') && !BENIGN_LOG.some((re) => re.test(l.text)),
        );
      if (logged.length) {
        s.errorsLogged++;
        result.otherFailures++;
        fail(c, `server logged: ${logged[0]!.text.split('\n')[0]!.slice(0, 160)}`);
      }

      if (streamSeqs) {
        // Every event stored before the stream opened and after the resume point, in order, once;
        // nothing at or before it. (Events may arrive meanwhile: those are optional.)
        const from = expectedResume(c);
        const got = streamSeqs;
        const sorted = got.every((q, i) => i === 0 || q > got[i - 1]!);
        const missing = seqsBefore.filter((q) => q > from && !got.includes(q));
        if (!sorted || got.some((q) => q <= from) || missing.length) {
          s.streamMismatches++;
          result.otherFailures++;
          fail(
            c,
            `stream resumed after ${from} delivered [${got.join(',')}] of stored [${seqsBefore.join(',')}]`,
          );
        }
      }

      if (c.route === 'submit' && res.status === 200)
        world.steps = world.steps.filter((x) => x.step_id !== c.params.stepId);
    }
    if (world.steps.length < 2 && refills < 4 && done + batch < o.cases) {
      refills++;
      await refillSteps(world, api, 3);
      for (const id of world.conversations) accepted.conversations.add(id);
      for (const s of world.steps) {
        accepted.intercomIds.add(s.conversation_id);
        accepted.steps.add(s.step_id);
      }
    }
    if (o.verbose)
      o.log(
        `  fuzz: ${Math.min(done + batch, o.cases)}/${o.cases} cases, ${result.fiveHundreds} 5xx, ${result.failures.length} failures`,
      );
  }
  await sleep(300);
  return result;
}

function noteAccepted(c: FuzzCase, res: ApiResult, ok: Accepted): void {
  const body = (c.raw ? safeParse(c.raw) : c.body) as Record<string, unknown> | null;
  const answer = res.json as Record<string, unknown> | null;
  const add = (v: unknown, set: Set<string>) => typeof v === 'string' && set.add(v);
  add(body?.conversation_id, ok.conversations);
  add(answer?.conversation_id, ok.conversations);
  add(answer?.intercom_conversation_id, ok.intercomIds);
  if (typeof answer?.intercom_conversation_id === 'string')
    ok.conversations.add(`intercom-${answer.intercom_conversation_id}`);
  if (c.params.stepId) ok.steps.add(c.params.stepId);
  if (c.route === 'webhook') {
    const item = ((body?.data as Record<string, unknown> | undefined)?.item ?? null) as Record<
      string,
      unknown
    > | null;
    add(item?.conversation_id, ok.intercomIds);
    add(item?.step_id, ok.steps);
  }
}

function safeParse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
