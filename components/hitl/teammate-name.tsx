'use client';

import { UserRound } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/field';
import { useUiStore } from '@/lib/client/ui-store';

export const TEAMMATE_INPUT_ID = 'teammate-name';

/** Puts the cursor in the name box when an action needs a name first. */
export function focusTeammateName() {
  const input = document.getElementById(TEAMMATE_INPUT_ID);
  if (input instanceof HTMLInputElement) input.focus();
}

/** Who is answering: shown when known, asked for inline when not (claims and answers carry it). */
export function TeammateName() {
  const teammate = useUiStore((s) => s.teammate);
  const setTeammate = useUiStore((s) => s.setTeammate);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');

  if (teammate && !editing) {
    return (
      <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
        <UserRound className="size-4" aria-hidden="true" />
        <span>
          Working as <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{teammate}</strong>
        </span>
        <Button
          variant="ghost"
          size="sm"
          onClick={() => {
            setDraft(teammate);
            setEditing(true);
          }}
        >
          Change
        </Button>
      </p>
    );
  }
  return (
    <form
      className="flex items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!draft.trim()) return focusTeammateName();
        setTeammate(draft);
        setEditing(false);
      }}
    >
      <div className="flex items-center gap-2">
        <Label htmlFor={TEAMMATE_INPUT_ID}>Your name</Label>
        <Input
          id={TEAMMATE_INPUT_ID}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="e.g. Sam Lee"
          autoComplete="name"
          className="h-8 w-56"
        />
      </div>
      <Button type="submit" size="sm" variant="secondary">
        Save
      </Button>
    </form>
  );
}
