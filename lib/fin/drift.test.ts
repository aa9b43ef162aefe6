import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contractIssues } from './drift';
import { eventKey, readEventData } from './events';

const status = {
  event_name: 'fin_status_updated' as const,
  conversation_id: 'c1',
  user_id: 'u1',
  status: 'complete',
  created_at_ms: '2026-01-01T10:00:00.000Z',
};

describe('contractIssues', () => {
  it('says where, what was expected and what came; array items count as one path', () => {
    const schema = z.object({
      kind: z.enum(['a', 'b']),
      items: z.array(z.object({ n: z.number() })),
      name: z.string(),
    });
    expect(contractIssues(schema, { kind: 'c', items: [{ n: 'x' }, { n: 'y' }], name: null })).toEqual([
      { path: 'kind', expected: '"a" | "b"', received: '"c"' },
      { path: 'items[].n', expected: 'number', received: 'string' },
      { path: 'name', expected: 'string', received: 'null' },
    ]);
    expect(contractIssues(schema, { kind: 'a', items: [], name: 'ok', extra: true })).toEqual([]);
    expect(contractIssues(schema, null)).toEqual([{ path: '(body)', expected: 'object', received: 'null' }]);
  });

  it('shows a value only where it is a choice, and never more than a short piece of it', () => {
    const [issue] = contractIssues(z.object({ s: z.enum(['a']) }), { s: 'x'.repeat(500) });
    expect(issue!.received.length).toBeLessThan(70);
    expect(contractIssues(z.object({ n: z.number() }), { n: 'secret text' })[0]!.received).toBe('string');
  });
});

describe('readEventData', () => {
  it('keeps a documented event as it came, extra fields included, with no issues', () => {
    const raw = { ...status, added_later: { x: 1 } };
    expect(readEventData(JSON.stringify(raw))).toEqual({
      event: raw,
      name: 'fin_status_updated',
      issues: [],
    });
  });

  it('unwraps a realtime envelope', () => {
    const wrapped = JSON.stringify({ id: 'x', data: JSON.stringify(status) });
    expect(readEventData(wrapped).event).toEqual(status);
  });

  it('reads a known event leniently and reports what differs', () => {
    const raw = { ...status, status: 'paused', user_id: null };
    const read = readEventData(JSON.stringify(raw));
    expect(read.event).toEqual(raw);
    expect(read.issues.map((i) => i.path).sort()).toEqual(['status', 'user_id']);
  });

  it('keeps an unknown event, or a known one without what the console uses, whole', () => {
    const unknown = { event_name: 'fin_new', conversation_id: 'c1', created_at_ms: 'then' };
    expect(readEventData(JSON.stringify(unknown)).event).toEqual({
      event_name: 'fin_other_event',
      conversation_id: 'c1',
      name: 'fin_new',
      created_at_ms: 'then',
      data: unknown,
    });
    const bodiless = { ...status, event_name: 'fin_replied', message: { id: 'm1' } };
    expect(readEventData(JSON.stringify(bodiless)).event).toMatchObject({
      event_name: 'fin_other_event',
      name: 'fin_replied',
    });
  });

  it('has nothing to store without a conversation, and nothing at all from a non-JSON line', () => {
    const nameless = { event_name: 'fin_status_updated', status: 'complete' };
    expect(readEventData(JSON.stringify(nameless)).event).toBeNull();
    expect(readEventData(JSON.stringify(nameless), 'c9').event).toMatchObject({
      event_name: 'fin_other_event',
      conversation_id: 'c9',
      data: nameless,
    });
    expect(readEventData('not json')).toMatchObject({ event: null, name: null });
  });
});

describe('eventKey', () => {
  it('is stable for one event without a timestamp and differs between two', () => {
    const a = { ...status, created_at_ms: null };
    const b = { ...status, created_at_ms: null, reason: 'other' };
    expect(eventKey(a)).toBe(eventKey({ ...a }));
    expect(eventKey(a)).not.toBe(eventKey(b));
    expect(eventKey(status)).toBe(`status:complete:${status.created_at_ms}`);
  });
});
