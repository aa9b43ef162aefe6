import { describe, expect, it } from 'vitest';
import { absoluteUrl, buildCurl, callPath, shellQuote } from './curl';

describe('buildCurl', () => {
  const call = {
    method: 'post',
    url: 'https://api.intercom.io/fin/ask',
    request_body: { conversation_id: 'c-1', message: { author: 'user', body: "It's broken" } },
  };

  it('repeats the call with the Preview version and the Fin key as a shell variable', () => {
    const curl = buildCurl(call);
    expect(curl).toMatch(/^curl -X POST 'https:\/\/api\.intercom\.io\/fin\/ask'/);
    expect(curl).toContain('-H "Authorization: Bearer $FIN_AGENT_API_KEY"');
    expect(curl).toContain("-H 'Intercom-Version: Preview'");
    expect(curl).toContain("-H 'Content-Type: application/json'");
  });

  it('names the app token on the HITL callback and sends the version it is given', () => {
    const curl = buildCurl(
      { method: 'POST', url: 'https://api.intercom.io/procedures/215/collect_agent_input', request_body: {} },
      null,
      '2.16',
    );
    expect(curl).toContain('-H "Authorization: Bearer $INTERCOM_ACCESS_TOKEN"');
    expect(curl).toContain("-H 'Intercom-Version: 2.16'");
  });

  it('quotes the JSON body so the shell passes it through untouched', () => {
    const curl = buildCurl(call);
    expect(curl).toContain(`It'\\''s broken`);
    const data = curl.slice(curl.indexOf('--data-raw ') + '--data-raw '.length);
    // Undo the shell quoting and the body parses back to what was sent.
    const unquoted = data.slice(1, -1).replace(/'\\''/g, "'");
    expect(JSON.parse(unquoted)).toEqual(call.request_body);
  });

  it('never carries a token from anywhere else', () => {
    const curl = buildCurl({ ...call, request_body: { a: 1 } });
    expect(curl).not.toMatch(/Bearer (?!\$(FIN_AGENT_API_KEY|INTERCOM_ACCESS_TOKEN)")/);
  });

  it('joins a relative URL onto the base URL and leaves out the body of a GET', () => {
    const curl = buildCurl({ method: 'GET', url: '/fin/x', request_body: null }, 'http://127.0.0.1:4010/');
    expect(curl).toContain("'http://127.0.0.1:4010/fin/x'");
    expect(curl).not.toContain('--data-raw');
  });
});

describe('helpers', () => {
  it('shellQuote escapes single quotes', () => expect(shellQuote("a'b")).toBe(`'a'\\''b'`));
  it('absoluteUrl keeps absolute URLs', () =>
    expect(absoluteUrl('https://x.io/a', 'http://y')).toBe('https://x.io/a'));
  it('callPath shows the path and query', () =>
    expect(callPath('https://x.io/fin/procedures/1/run?a=1')).toBe('/fin/procedures/1/run?a=1'));
});
