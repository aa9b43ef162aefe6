import { describe, expect, it } from 'vitest';
import { assertPathId, callbackProblem, onFinOrigin } from './fin-target';

describe('callbackProblem', () => {
  it('accepts the documented path on the configured Fin API, after its own path prefix', () => {
    expect(
      callbackProblem(
        'https://api.eu.intercom.io',
        'https://api.eu.intercom.io/procedures/215473853299345/collect_agent_input',
        '215473853299345',
      ),
    ).toBeNull();
    expect(
      callbackProblem(
        'http://127.0.0.1:4010/fin-sim',
        'http://127.0.0.1:4010/fin-sim/procedures/a_1-B/collect_agent_input',
        'a_1-B',
      ),
    ).toBeNull();
  });

  it.each([
    [
      'https://api.intercom.io',
      'https://api.eu.intercom.io/procedures/1/collect_agent_input',
      '1',
      /points at https:\/\/api\.eu\.intercom\.io/,
    ],
    [
      'https://api.intercom.io',
      'https://api.intercom.io:8443/procedures/1/collect_agent_input',
      '1',
      /points at/,
    ],
    ['http://fin.internal', 'http://fin.internal/procedures/1/collect_agent_input', '1', /not https/],
    [
      'https://api.intercom.io',
      'https://u:p@api.intercom.io/procedures/1/collect_agent_input',
      '1',
      /credentials/,
    ],
    ['https://api.intercom.io', 'https://api.intercom.io/procedures/1/collect_agent_input?x=1', '1', /query/],
    [
      'https://api.intercom.io',
      'https://api.intercom.io/procedures/2/collect_agent_input',
      '1',
      /is not \/procedures\/1\//,
    ],
    ['https://api.intercom.io', 'https://api.intercom.io/procedures/1/../../fin/escalate', '1', /is not/],
    [
      'https://api.intercom.io',
      'https://api.intercom.io/procedures/%2e%2e/collect_agent_input',
      '%2e%2e',
      /conversation_id/,
    ],
    [
      'http://127.0.0.1:4010/base',
      'http://127.0.0.1:4010/procedures/1/collect_agent_input',
      '1',
      /is not \/base\/procedures/,
    ],
    ['https://api.intercom.io', 'not a url', '1', /not a URL/],
  ])('refuses %s ← %s', (base, url, conversationId, why) => {
    expect(callbackProblem(base, url, conversationId)).toMatch(why);
  });
});

describe('path ids and origins', () => {
  it('lets Intercom-shaped ids through and refuses anything that could change the path', () => {
    for (const ok of ['41004', 'abc_DEF-123']) expect(() => assertPathId('procedure_id', ok)).not.toThrow();
    for (const bad of ['', '.', '..', 'a/b', 'a%2F', 'a?b', 'a#b', 'a b', 'a\tb', 'a\u0000b', 'é'])
      expect(() => assertPathId('procedure_id', bad), bad).toThrow(/procedure_id must be an id/);
  });

  it('compares whole origins', () => {
    expect(onFinOrigin('https://api.intercom.io', 'https://api.intercom.io/x')).toBe(true);
    expect(onFinOrigin('https://api.intercom.io', 'http://api.intercom.io/x')).toBe(false);
    expect(onFinOrigin('https://api.intercom.io', 'https://api.intercom.io.evil.test/x')).toBe(false);
    expect(onFinOrigin('https://api.intercom.io', '::')).toBe(false);
  });
});
