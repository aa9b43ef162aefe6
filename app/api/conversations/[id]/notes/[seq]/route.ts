import { noteBodySchema, noteSeqSchema } from '@/lib/console/replay';
import { readJson, route } from '@/lib/server/http';
import { NOTE_BODY_LIMIT, saveNote } from '@/lib/server/replay';

/** A lead writes the note of one step (`{ body }`; empty deletes it); audited. */
export const PUT = route<{ id: string; seq: string }>('lead', async (req, ctx, { id, seq }, me) =>
  saveNote(
    ctx,
    id,
    noteSeqSchema.parse(seq),
    (await readJson(req, noteBodySchema, NOTE_BODY_LIMIT)).body,
    me,
  ),
);
