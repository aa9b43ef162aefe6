'use client';

import { useState } from 'react';
import { Button } from './button';
import { DialogForm, FormDialog } from './form-dialog';
import { notify } from './notify';

/** What revoking needs from its mutation (TanStack Query's `useMutation` result fits). */
interface Revocation {
  mutate: (id: string, opts: { onSuccess: () => void }) => void;
  isPending: boolean;
  error: Error | null;
  reset: () => void;
}

/** "Revoke" and its confirmation: nothing is revoked until the danger button in the dialog is pressed. */
export function RevokeButton({
  id,
  name,
  buttonLabel,
  what,
  consequence,
  revoke,
}: {
  id: string;
  /** How the thing is called in the dialog's title and its submit label, quotes included. */
  name: string;
  /** The trigger's accessible name, e.g. `Revoke nightly-export` (screen readers list many Revoke buttons). */
  buttonLabel: string;
  /** "token", "link": the submit button reads "Revoke token". */
  what: string;
  consequence: string;
  revoke: Revocation;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} aria-label={buttonLabel}>
        Revoke
      </Button>
      <FormDialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) revoke.reset();
        }}
        title={`Revoke ${name}?`}
        description={`${consequence} This cannot be undone.`}
      >
        <DialogForm
          label={`Revoke ${name}`}
          submit={{
            onSubmit: (e) => {
              e?.preventDefault();
              revoke.mutate(id, {
                onSuccess: () => {
                  setOpen(false);
                  notify.success(`Revoked ${name}`);
                },
              });
            },
            pending: revoke.isPending,
            failure: revoke.error,
          }}
          failureTitle={`The ${what} was not revoked`}
          cancelLabel="Keep it"
          submitLabel={`Revoke ${what}`}
          variant="danger"
        />
      </FormDialog>
    </>
  );
}
