'use client';

import { Link2, ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { CopyButton } from '@/components/ui/copy-button';
import { DialogForm, FormDialog, type DialogProps } from '@/components/ui/form-dialog';
import { Label } from '@/components/ui/label';
import { RadioCard } from '@/components/ui/radio-card';
import { RadioGroup } from '@/components/ui/radio-group';
import { RelativeTime } from '@/components/ui/relative-time';
import { Switch } from '@/components/ui/switch';
import { useCreateShareLink } from '@/lib/client/queries/share-links';
import { SHARE_EXPIRY_CHOICES, type CreatedShareLink } from '@/lib/console/share-links';

/** Makes a read-only, expiring link to this conversation's replay and shows its URL once. */
export function ShareDialog({ conversationId, ...dialog }: { conversationId: string } & DialogProps) {
  const [made, setMade] = useState<CreatedShareLink | null>(null);
  return (
    <FormDialog
      {...dialog}
      onOpenChange={(open) => {
        dialog.onOpenChange(open);
        if (!open) setMade(null);
      }}
      title={made ? 'Share link made' : 'Share a replay'}
      description={
        made
          ? 'Anyone with this link can watch the replay until it expires or you revoke it in Settings.'
          : 'A read-only replay of this conversation that opens without an account. You can revoke it in Settings.'
      }
      className="max-w-lg"
    >
      {made ? (
        <Made made={made} onDone={() => dialog.onOpenChange(false)} />
      ) : (
        <ShareForm conversationId={conversationId} onMade={setMade} />
      )}
    </FormDialog>
  );
}

function ShareForm({
  conversationId,
  onMade,
}: {
  conversationId: string;
  onMade: (made: CreatedShareLink) => void;
}) {
  const create = useCreateShareLink(conversationId);
  const [hours, setHours] = useState<number>(24);
  const [redact, setRedact] = useState(true);
  return (
    <DialogForm
      label="Share a replay"
      submit={{
        onSubmit: (e) => {
          e?.preventDefault();
          create.mutate({ expires_in_hours: hours, redact }, { onSuccess: onMade });
        },
        pending: create.isPending,
        failure: create.error,
      }}
      failureTitle="The link was not made"
      submitLabel="Make link"
      pendingLabel="Making link…"
      icon={Link2}
    >
      <RadioGroup id="share-expiry" legend="Expires in">
        {SHARE_EXPIRY_CHOICES.map((c) => (
          <RadioCard
            key={c.hours}
            id={`share-expiry-${c.hours}`}
            name="share-expiry"
            value={c.hours}
            label={c.label}
            checked={hours === c.hours}
            onChange={() => setHours(c.hours)}
          />
        ))}
      </RadioGroup>
      <div className="flex items-center justify-between gap-4 rounded-md border border-zinc-200 px-3 py-2.5 dark:border-zinc-800">
        <div>
          <Label htmlFor="share-redact">Redact the end user’s personal data</Label>
          <p id="share-redact-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
            Their name, email, attribute values and what they wrote become placeholders. Internal ids are
            never shown.
          </p>
        </div>
        <Switch
          id="share-redact"
          aria-describedby="share-redact-hint"
          checked={redact}
          onCheckedChange={setRedact}
        />
      </div>
    </DialogForm>
  );
}

function Made({ made, onDone }: { made: CreatedShareLink; onDone: () => void }) {
  return (
    <div className="space-y-4">
      <Callout tone="warning" role="status" title="Copy the link now">
        <p>The console keeps only a hash of it: this is the only time it is shown.</p>
        <code
          data-testid="share-url"
          className="mt-2 block rounded-md border border-amber-300 bg-white px-2.5 py-1.5 font-mono text-xs break-all text-zinc-900 select-all dark:border-amber-800 dark:bg-zinc-950 dark:text-zinc-100"
        >
          {made.url}
        </code>
      </Callout>
      <p className="flex items-center gap-1.5 text-sm text-zinc-600 dark:text-zinc-400">
        <ShieldCheck className="size-4" aria-hidden="true" />
        {made.link.redact ? 'Personal data redacted' : 'Personal data shown'} · expires{' '}
        <RelativeTime iso={made.link.expires_at} />
      </p>
      <div className="flex justify-end gap-2">
        <CopyButton text={made.url} label="Copy link" copiedMessage="Share link copied" size="md" />
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
