'use client';

import { Save } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { CountedField } from '@/components/ui/char-count';
import { FieldError } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import type { ReplayNote } from '@/lib/console/replay';
import { NOTE_MAX_CHARS } from '@/lib/console/replay-limits';

/** A lead's note for the current step; saving an empty note deletes it. */
export function NoteEditor({
  seq,
  stepNumber,
  note,
  onSave,
}: {
  seq: number;
  stepNumber: number;
  note: ReplayNote | null;
  onSave: (seq: number, body: string) => Promise<void>;
}) {
  const [body, setBody] = useState(note?.body ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const trimmed = body.trim();
  const unchanged = trimmed === (note?.body ?? '');
  const tooLong = trimmed.length > NOTE_MAX_CHARS;

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await onSave(seq, trimmed);
      setSaved(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="mx-auto flex max-w-4xl items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <CountedField
        id="replay-note"
        label={`Note for step ${stepNumber}`}
        count={trimmed.length}
        max={NOTE_MAX_CHARS}
        className="flex-1"
      >
        <Textarea
          rows={2}
          value={body}
          placeholder="What to say about this step"
          onChange={(e) => {
            setBody(e.target.value);
            setSaved(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
        />
      </CountedField>
      <div className="flex flex-col items-end gap-1 pb-6">
        <Button type="submit" variant="secondary" disabled={saving || unchanged || tooLong}>
          <Save className="size-4" aria-hidden="true" />
          {saving ? 'Saving…' : trimmed || !note ? 'Save note' : 'Delete note'}
        </Button>
        <p role="status" className="h-4 text-xs text-zinc-600 dark:text-zinc-400">
          {saved && unchanged ? 'Saved' : ''}
        </p>
        <FieldError>{error}</FieldError>
      </div>
    </form>
  );
}
