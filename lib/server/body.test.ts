import { Readable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { assertJsonContentType, readBodyText } from './body';
import { ConsoleError } from './errors';

const statusOf = async (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => (e instanceof ConsoleError ? e.status : -1),
  );

describe('assertJsonContentType', () => {
  const check = (type: string | null) => {
    try {
      assertJsonContentType(new Headers(type === null ? {} : { 'content-type': type }));
      return 'ok';
    } catch (e) {
      return e instanceof ConsoleError ? e.status : 'threw';
    }
  };

  it('takes application/json with any parameters, in any case', () => {
    for (const t of [
      'application/json',
      'Application/JSON',
      ' application/json ; charset=UTF-8',
      'application/json;charset=latin1',
    ]) {
      expect([t, check(t)]).toEqual([t, 'ok']);
    }
  });

  it('refuses every other type, and none, with 415', () => {
    for (const t of [
      null,
      '',
      'text/plain',
      'text/json',
      'application/jsonp',
      'application/json-patch+json',
      'multipart/form-data; boundary=x',
    ]) {
      expect([t, check(t)]).toEqual([t, 415]);
    }
  });
});

describe('readBodyText', () => {
  const web = (parts: string[]) => new Request('http://x/', { method: 'POST', body: parts.join('') }).body;

  it('reads a body within the limit, from a web stream or a Node stream', async () => {
    expect(await readBodyText(web(['{"a":', '"é"}']), null, 64)).toBe('{"a":"é"}');
    const node = () => Readable.from([Buffer.from('{"b":'), Buffer.from('1}')]);
    expect(await readBodyText(node(), '7', 64)).toBe('{"b":1}');
    expect(await statusOf(readBodyText(node(), '9', 64))).toBe(400);
    expect(await readBodyText(null, null, 64)).toBe('');
  });

  it('refuses a body past the limit (413), whether declared or streamed', async () => {
    expect(await statusOf(readBodyText(web(['x'.repeat(65)]), null, 64))).toBe(413);
    expect(await statusOf(readBodyText(web(['x']), '65', 64))).toBe(413);
  });

  it('stops pulling a stream once it passes the limit', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024));
      },
    });
    expect(await statusOf(readBodyText(endless, null, 10 * 1024))).toBe(413);
    // Pulls are queued as microtasks: once a macrotask has run, any further pull would have shown.
    await setImmediate();
    expect(pulled).toBeLessThan(40);
  });
});
