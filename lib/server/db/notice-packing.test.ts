import { describe, expect, it } from 'vitest';
import { MAX_NOTIFY_BYTES, packPayloads, unpackPayload } from './notice-packing';

const notice = (i: number) =>
  JSON.stringify({ o: 'instance-1', t: 'event', id: `conversation-${i}`, seq: i });

describe('NOTIFY payload packing', () => {
  it('packs many notices into few payloads under the limit, and unpacks them in order', () => {
    const sent = Array.from({ length: 1000 }, (_, i) => notice(i));
    const packs = packPayloads(sent);
    expect(packs.length).toBeGreaterThan(1);
    expect(packs.length).toBeLessThan(20);
    for (const p of packs) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_NOTIFY_BYTES);
    expect(packs.flatMap(unpackPayload)).toEqual(sent);
  });

  it('counts bytes, not characters, and keeps quotes, backslashes and newlines intact', () => {
    const sent = ['é'.repeat(30), 'a "quoted" \\ back\nslash', '[not a pack', '{"x":[1]}'];
    const packs = packPayloads(sent, 80);
    for (const p of packs) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(80);
    expect(packs.flatMap(unpackPayload)).toEqual(sent);
  });

  it('sends a payload too large to share alone, and reads a payload that is not a pack as itself', () => {
    const big = 'x'.repeat(100);
    const packs = packPayloads(['a', big, 'b'], 50);
    expect(packs).toEqual(['["a"]', JSON.stringify([big]), '["b"]']);
    expect(unpackPayload('{"o":"old"}')).toEqual(['{"o":"old"}']);
    expect(unpackPayload('[1,2]')).toEqual(['[1,2]']);
    expect(unpackPayload('[broken')).toEqual(['[broken']);
  });
});
