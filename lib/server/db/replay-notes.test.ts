import { describe, expect, it } from 'vitest';
import { freshDbPerSuite, uid } from '@/testing/server/harness';
import { listNotes, saveNote } from './replay-notes';

describe('replay notes', () => {
  const db = freshDbPerSuite();
  const conversation = async () => {
    const id = uid('c');
    await db().query(
      `INSERT INTO conversations (id, kind, user_json, status) VALUES ($1, 'procedure', '{"id":"u"}', 'complete')`,
      [id],
    );
    return id;
  };
  const alice = { actor: 'Alice', actorId: 'u-alice' };

  it('keeps one note per step, last writer wins, in step order', async () => {
    const id = await conversation();
    await saveNote(db(), id, 3, 'third', alice);
    await saveNote(db(), id, 0, 'first', alice);
    const rewritten = await saveNote(db(), id, 3, 'third, again', { actor: 'Bob', actorId: null });
    expect(rewritten).toMatchObject({ seq: 3, body: 'third, again', author: 'Bob' });
    expect(Date.parse(rewritten!.updated_at)).not.toBeNaN();
    expect((await listNotes(db(), id)).map((n) => [n.seq, n.body, n.author])).toEqual([
      [0, 'first', 'Alice'],
      [3, 'third, again', 'Bob'],
    ]);
    expect(await listNotes(db(), await conversation())).toEqual([]);
  });

  it('deletes a note saved empty, and with its conversation', async () => {
    const id = await conversation();
    await saveNote(db(), id, 1, 'one', alice);
    await saveNote(db(), id, 2, 'two', alice);
    expect(await saveNote(db(), id, 1, '', alice)).toBeNull();
    expect((await listNotes(db(), id)).map((n) => n.seq)).toEqual([2]);
    await db().query('DELETE FROM conversations WHERE id = $1', [id]);
    expect(await listNotes(db(), id)).toEqual([]);
  });
});
