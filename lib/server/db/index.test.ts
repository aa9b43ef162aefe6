import { describe, expect, it } from 'vitest';
import { freshDbPerSuite } from '@/testing/server/harness';
import { jsonParam } from '.';

/** U+0000 and unpaired surrogates, which Postgres text and jsonb refuse, must not fail a write. */
describe('strings the store cannot hold', () => {
  const db = freshDbPerSuite();

  it('jsonParam maps U+0000 and unpaired surrogates (values and keys) to U+FFFD, leaving escaped text alone', () => {
    expect(
      JSON.parse(jsonParam({ id: 'a\u0000b', ['k\u0000']: 'x\ud800y', pair: '🙂', lone: '\udfff' })!),
    ).toEqual({
      id: 'a\ufffdb',
      'k\ufffd': 'x\ufffdy',
      pair: '🙂',
      lone: '\ufffd',
    });
    // A literal backslash followed by "u0000" is text, not an escape.
    expect(JSON.parse(jsonParam({ s: '\\u0000 and \\ud800' })!)).toEqual({ s: '\\u0000 and \\ud800' });
    expect(jsonParam(null)).toBeNull();
  });

  it('text and jsonb parameters with such characters are stored, and found again by the same value', async () => {
    const id = `nul-\u0000-\ud800-${Date.now()}`;
    await db().query(
      `INSERT INTO conversations (id, kind, user_json, status) VALUES ($1, 'external', $2::jsonb, 'thinking')`,
      [id, jsonParam({ id: 'u\u0000', name: 'x\udfff' })],
    );
    const rows = await db().query<{ id: string; user_json: unknown }>(
      'SELECT id, user_json FROM conversations WHERE id = $1',
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(`nul-\ufffd-\ufffd-${id.split('-').at(-1)}`);
    expect(rows[0]!.user_json).toEqual({ id: 'u\ufffd', name: 'x\ufffd' });
    await expect(db().transaction((tx) => tx.query('SELECT $1::text AS t', ['a\u0000']))).resolves.toEqual([
      { t: 'a\ufffd' },
    ]);
  });
});
