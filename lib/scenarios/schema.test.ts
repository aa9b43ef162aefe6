import { describe, expect, it } from 'vitest';
import { parseSuiteText, unsafePattern } from './schema';

const suite = (scenarios: string) => `name: Demo
scenarios:
${scenarios}`;

describe('parseSuiteText', () => {
  it('reads YAML with defaults filled in', () => {
    const parsed = parseSuiteText(
      suite(`  - name: order status
    procedure_id: '41009'
    message: Where is my order?
    expect:
      - status: complete
      - fin_says: { contains: out for delivery }
`),
    );
    expect(parsed).toEqual({
      ok: true,
      suite: {
        name: 'Demo',
        scenarios: [
          {
            name: 'order status',
            procedure_id: '41009',
            message: 'Where is my order?',
            user: {},
            replies: [],
            hitl: {},
            timeout_s: 60,
            expect: [{ status: 'complete' }, { fin_says: { contains: 'out for delivery' } }],
          },
        ],
      },
    });
  });

  it('reads the same suite as JSON', () => {
    const parsed = parseSuiteText(
      JSON.stringify({ name: 'J', scenarios: [{ name: 'a', message: 'hi', expect: [{ resolved: true }] }] }),
    );
    expect(parsed.ok).toBe(true);
  });

  it('names the line of each problem', () => {
    const parsed = parseSuiteText(
      suite(`  - name: a
    message: hi
    expect:
      - status: sleeping
  - name: b
    message: hi
    expect: []
`),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => [i.line, i.path])).toEqual([
      [6, 'scenarios.0.expect.0'],
      [9, 'scenarios.1.expect'],
    ]);
  });

  it('refuses two scenarios of one name', () => {
    const one = `  - name: a
    message: hi
    expect: [{ resolved: true }]
`;
    const parsed = parseSuiteText(suite(one + one));
    expect(parsed).toMatchObject({
      ok: false,
      issues: [{ line: 6, message: 'scenarios.1.name: duplicate scenario name "a"' }],
    });
  });

  it('reports YAML syntax errors with their line', () => {
    const parsed = parseSuiteText('name: x\nscenarios: [\n  - a: b');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]!.line).toBeGreaterThan(1);
  });

  it('refuses a suite over the size limit', () => {
    const parsed = parseSuiteText(`name: x\n# ${'x'.repeat(300 * 1024)}`);
    expect(parsed.ok).toBe(false);
  });
});

describe('unsafePattern', () => {
  it.each([
    'refund of \\$\\d+',
    'approved|declined',
    '(good )?news',
    '[a-z]{2,5} order',
    'a.*b.*c'.slice(0, 5),
  ])('accepts %s', (p) => expect(unsafePattern(p)).toBeNull());
  it.each([
    ['(a+)+$', 'may not repeat a group'],
    ['(a|ab)*c', 'may not repeat a group'],
    ['((a)*)+', 'may not repeat a group'],
    ['(\\w)\\1', 'backreferences'],
    ['(?=a)b', 'lookarounds'],
    ['.*a.*b.*c', 'without bound'],
    ['(', 'not a valid regular expression'],
    ['x'.repeat(201), 'longer than'],
  ])('refuses %s', (p, why) => expect(unsafePattern(p)).toContain(why));
});
