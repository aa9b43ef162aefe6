import { describe, expect, it } from 'vitest';
import { KNOWN_DATA_TYPES } from '@/lib/fin';
import { attributeErrors, checkAttributes, USER_ATTRIBUTES } from './attributes';
import { matchesAudience } from '@/lib/procedures/audience';
import { optionsFromEnv } from './env';
import { parseFaultHeader } from './faults';
import { checkHitlValues, identifierOf } from './hitl';
import { stripHtml, toHtmlBody } from './html';
import type { HitlAttributeDef, Step } from './procedure-types';
import { PROCEDURES } from './procedures';
import { fill } from './template';

describe('seeded procedures', () => {
  const hitlSteps = PROCEDURES.flatMap((p) =>
    p.steps.filter((s): s is Extract<Step, { kind: 'hitl' }> => s.kind === 'hitl'),
  );
  const attributes = hitlSteps.flatMap((s) => s.attributes);

  it('cover every HITL data type, with options for lists and unique identifiers', () => {
    expect(PROCEDURES.length).toBeGreaterThanOrEqual(7);
    expect(new Set(attributes.map((a) => a.data_type))).toEqual(new Set(KNOWN_DATA_TYPES));
    for (const a of attributes)
      expect(a.data_type === 'list' ? (a.options?.length ?? 0) >= 2 : a.options === undefined).toBe(true);
    expect(new Set(attributes.map(identifierOf)).size).toBe(attributes.length);
    expect(new Set(PROCEDURES.map((p) => p.id)).size).toBe(PROCEDURES.length);
  });

  it('include the required variety', () => {
    expect(PROCEDURES.some((p) => !p.live)).toBe(true);
    expect(PROCEDURES.some((p) => p.live && !p.api_trigger)).toBe(true);
    expect(PROCEDURES.some((p) => p.csat)).toBe(true);
    expect(PROCEDURES.some((p) => p.steps.some((s) => s.kind === 'escalate'))).toBe(true);
    expect(hitlSteps.some((s) => s.expires_in_s !== undefined && s.on_timeout)).toBe(true);
    const hitlKeys = new Set(attributes.map((a) => a.key));
    expect(PROCEDURES.some((p) => p.steps.some((s) => s.kind === 'branch' && hitlKeys.has(s.on)))).toBe(true);
    const audiences = PROCEDURES.flatMap((p) => p.audience);
    expect(audiences.length).toBeGreaterThan(0);
    for (const rule of audiences) expect(USER_ATTRIBUTES[rule.attribute]).toBeDefined();
  });

  it('only reference steps that exist, and every path ends', () => {
    for (const p of PROCEDURES) {
      const ids = new Set(p.steps.map((s) => s.id));
      expect(ids.size).toBe(p.steps.length);
      for (const s of p.steps) {
        const refs = [
          'next' in s ? s.next : undefined,
          s.kind === 'hitl' ? s.on_timeout : undefined,
          ...(s.kind === 'branch' ? [s.otherwise, ...s.cases.map((c) => c.goto)] : []),
        ].filter((r): r is string => r !== undefined);
        for (const r of refs) expect(ids, `${p.name}: ${s.id} → ${r}`).toContain(r);
      }
      expect(p.steps.some((s) => s.kind === 'resolve' || s.kind === 'escalate')).toBe(true);
    }
  });
});

describe('attributes', () => {
  it('accepts defined attributes of the right type and explains the rest', () => {
    const { accepted, errors } = checkAttributes('user', {
      plan_type: 'Pro',
      seats: 3,
      monthly_spend: 9.5,
      vip: false,
      signed_up_at: '2024-01-15T09:30:00Z',
      nope: 1,
      country: ['FR'],
    });
    expect(accepted).toEqual({
      plan_type: 'Pro',
      seats: 3,
      monthly_spend: 9.5,
      vip: false,
      signed_up_at: '2024-01-15T09:30:00Z',
    });
    expect(errors).toEqual({
      nope: "User attribute 'nope' does not exist",
      country: `'["FR"]' is not a valid value for attribute 'country' of type 'string'`,
    });
    expect(checkAttributes('user', { signed_up_at: 'yesterday' }).errors.signed_up_at).toContain(
      "of type 'date'",
    );
    expect(attributeErrors({}, {})).toBeUndefined();
    expect(attributeErrors({}, { a: 'x' })).toEqual({ conversation: { attributes: { a: 'x' } } });
  });

  it('audience rules need every condition, and a missing attribute never matches', () => {
    const rule = [
      { attribute: 'plan_type', op: 'in' as const, values: ['Pro', 'Enterprise'] },
      { attribute: 'seats', op: 'gte' as const, value: 5 },
    ];
    expect(matchesAudience(rule, { plan_type: 'Pro', seats: 5 })).toBe(true);
    expect(matchesAudience(rule, { plan_type: 'Pro', seats: 4 })).toBe(false);
    expect(matchesAudience(rule, { seats: 50 })).toBe(false);
    expect(matchesAudience([], {})).toBe(true);
  });
});

describe('HITL values', () => {
  const def = (
    data_type: HitlAttributeDef['data_type'],
    extra: Partial<HitlAttributeDef> = {},
  ): HitlAttributeDef => ({
    key: data_type,
    uuid: `00000000-0000-4000-8000-00000000000${KNOWN_DATA_TYPES.indexOf(data_type)}`,
    name: data_type,
    label: data_type,
    data_type,
    ...extra,
  });
  const list = def('list', { options: [{ id: 'opt-a', label: 'A' }] });
  const check = (d: HitlAttributeDef, value: unknown) =>
    checkHitlValues([d], [{ identifier: identifierOf(d), value }]).issues.length === 0;

  it.each([
    ['string', 'text', 5],
    ['integer', 3, 3.5],
    ['integer', -2, '3'],
    ['decimal', 3.25, '3.25'],
    ['decimal', 4, Number.NaN],
    ['boolean', false, 'false'],
    ['datetime', '2024-01-15T09:30:00Z', '15/01/2024'],
    ['datetime', '2024-01-15T09:30:00.123+02:00', '2024-13-45T00:00:00Z'],
    ['datetime', 1705311000, 1705311000.5],
  ] as const)('%s accepts %j and refuses %j', (type, good, bad) => {
    expect(check(def(type), good)).toBe(true);
    expect(check(def(type), bad)).toBe(false);
  });

  it('list takes an option id, not its label, and exposes the label', () => {
    expect(check(list, 'opt-a')).toBe(true);
    expect(check(list, 'A')).toBe(false);
    expect(checkHitlValues([list], [{ identifier: identifierOf(list), value: 'opt-a' }]).values).toEqual({
      list: 'opt-a',
      list_label: 'A',
    });
  });

  it('refuses duplicates', () => {
    const d = def('string');
    const { issues } = checkHitlValues(
      [d],
      [
        { identifier: identifierOf(d), value: 'a' },
        { identifier: identifierOf(d), value: 'b' },
      ],
    );
    expect(issues.map((i) => i.message)).toEqual(["Attribute 'string' was given more than once"]);
  });
});

describe('text helpers', () => {
  it('fill escapes values for HTML and formats money and dates', () => {
    expect(
      fill(
        '<p>{{name}} owes ${{amount|money}} on {{when|date}}{{missing}}</p>',
        { name: '<b>Jo</b>', amount: 4.5, when: 1705311000 },
        true,
      ),
    ).toBe('<p>&lt;b&gt;Jo&lt;/b&gt; owes $4.50 on 15 Jan 2024, 09:30 UTC</p>');
    expect(fill('Refund {{order}}?', { order: 'A&B' }, false)).toBe('Refund A&B?');
  });

  it('message bodies become HTML parts and stream as plain text', () => {
    expect(toHtmlBody('Hi <there>\n\nline two')).toBe('<p>Hi &lt;there&gt;</p><p>line two</p>');
    expect(toHtmlBody('<p>already html</p>')).toBe('<p>already html</p>');
    expect(stripHtml('<p>A &amp; <strong>B</strong></p><ul><li>one</li><li>two</li></ul>')).toBe(
      'A & B\none\ntwo',
    );
  });

  it('fault headers are parsed strictly', () => {
    expect(parseFaultHeader(undefined)).toEqual({ faults: {} });
    expect(parseFaultHeader('{"fail":{"status":503}}')).toEqual({
      faults: { fail: { status: 503, count: 1 } },
    });
    expect(parseFaultHeader('{"bogus":1}')).toHaveProperty('error');
  });
});

describe('environment', () => {
  it('defaults to demo pace on 127.0.0.1:4010 with the sim token and secret', () => {
    expect(optionsFromEnv({})).toEqual({
      options: {
        port: 4010,
        host: '127.0.0.1',
        token: 'sim-token',
        appToken: 'sim-app-token',
        webhookSecret: 'sim-client-secret',
        clientId: 'sim-client-id',
        pace: 'demo',
      },
    });
  });

  it('reads every variable', () => {
    const env = {
      FIN_SIM_PORT: '0',
      FIN_SIM_HOST: '::1',
      FIN_SIM_TOKEN: 'tok',
      FIN_SIM_APP_TOKEN: 'app-tok',
      FIN_SIM_WEBHOOK_URL: 'http://127.0.0.1:3000/api/webhooks/intercom',
      FIN_SIM_WEBHOOK_SECRET: 'client',
      FIN_SIM_CLIENT_ID: 'app-id',
      FIN_SIM_EVENTS_SECRET: 'events',
      FIN_SIM_PACE: 'instant',
      FIN_SIM_PUBLIC_URL: 'http://localhost:4010',
      FIN_SIM_VARIANTS: '1',
      FIN_SIM_INTERCOM_IDS: '1',
      FIN_SIM_DATA_DIR: '/tmp/sim-data',
    };
    expect(optionsFromEnv(env)).toEqual({
      options: {
        port: 0,
        host: '::1',
        token: 'tok',
        appToken: 'app-tok',
        webhookUrl: env.FIN_SIM_WEBHOOK_URL,
        webhookSecret: 'client',
        clientId: 'app-id',
        eventsSecret: 'events',
        pace: 'instant',
        publicUrl: env.FIN_SIM_PUBLIC_URL,
        variants: true,
        intercomIds: true,
        dataDir: '/tmp/sim-data',
      },
    });
  });

  it.each([
    ['FIN_SIM_PORT', '70000'],
    ['FIN_SIM_PORT', 'abc'],
    ['FIN_SIM_PACE', 'fast'],
    ['FIN_SIM_WEBHOOK_URL', 'ftp://x'],
    ['FIN_SIM_TOKEN', '   '],
    ['FIN_SIM_VARIANTS', 'yes'],
    ['FIN_SIM_INTERCOM_IDS', 'yes'],
  ])('names the bad variable %s=%s in one line', (name, value) => {
    const result = optionsFromEnv({ [name]: value });
    expect('error' in result && result.error).toMatch(
      new RegExp(`^${name} .+ \\(got ${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`),
    );
  });
});
