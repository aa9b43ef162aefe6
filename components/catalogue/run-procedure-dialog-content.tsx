'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Play, RefreshCw } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { notify } from '@/components/ui/notify';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { CharCount } from '@/components/ui/char-count';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { Field, Label } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { KeyValueFields } from '@/components/ui/key-value-fields';
import { rowsToRecord } from '@/components/ui/key-value';
import { applyServerErrors } from '@/components/ui/server-errors';
import { Switch } from '@/components/ui/switch';
import { warningLines } from '@/components/conversation/timeline-model';
import { newConversationId, useRunProcedure } from '@/lib/client/queries/fin';
import type { FinUser } from '@/lib/fin';
import { LIMITS } from '@/lib/fin/limits';
import { runFormSchema, type RunFormInput, type RunFormOutput } from './forms';
import { runErrorAdvice } from './run-errors';

export interface ProcedureRef {
  id: string;
  name: string;
  description?: string;
}

/** The run dialog. Without a `procedure` it asks for the procedure id (runs one the catalogue does not list). */
export function RunProcedureDialog({
  procedure,
  user,
  open,
  onOpenChange,
}: {
  procedure: ProcedureRef | null;
  user: FinUser;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open ? (
        <DialogContent
          title={procedure ? `Run “${procedure.name}”` : 'Run a procedure by id'}
          description={
            procedure?.description ??
            'For a procedure the catalogue does not list, e.g. a draft or one with another audience.'
          }
          className="max-w-xl"
        >
          <RunForm procedure={procedure} user={user} onDone={() => onOpenChange(false)} />
        </DialogContent>
      ) : null}
    </Dialog>
  );
}

function RunForm({
  procedure,
  user,
  onDone,
}: {
  procedure: ProcedureRef | null;
  user: FinUser;
  onDone: () => void;
}) {
  const router = useRouter();
  const run = useRunProcedure();
  const [failure, setFailure] = useState<{ message: string; conversationId: string } | null>(null);
  const { register, handleSubmit, control, setValue, setError, formState } = useForm<
    RunFormInput,
    unknown,
    RunFormOutput
  >({
    resolver: zodResolver(runFormSchema),
    defaultValues: {
      procedure_id: procedure?.id ?? '',
      conversation_id: newConversationId(),
      message: '',
      attributes: [],
      email: false,
    },
  });
  const errors = formState.errors;
  const message = useWatch({ control, name: 'message' }) ?? '';
  const email = useWatch({ control, name: 'email' });

  const onSubmit = handleSubmit(async (v) => {
    setFailure(null);
    const attributes = rowsToRecord(v.attributes);
    try {
      const res = await run.mutateAsync({
        procedureId: v.procedure_id,
        body: {
          conversation_id: v.conversation_id,
          user,
          ...(v.message.trim()
            ? { message: { author: 'user', body: v.message, timestamp: new Date().toISOString() } }
            : {}),
          ...(attributes ? { conversation_metadata: { attributes } } : {}),
          ...(v.email ? { settings: { email: true } } : {}),
        },
      });
      notify.success(`Started ${procedure?.name ?? `procedure ${v.procedure_id}`}`, {
        description: res.conversation_id,
      });
      const warnings = warningLines(res.errors);
      if (warnings.length)
        notify.warning('Fin ignored some attributes', { description: warnings.join('\n') });
      onDone();
      router.push(`/conversations/${encodeURIComponent(res.conversation_id)}`);
    } catch (err) {
      const rest = applyServerErrors(err, setError, {
        conversation_id: 'conversation_id',
        'message.body': 'message',
        message: 'message',
        'conversation_metadata.attributes': 'attributes',
        conversation_metadata: 'attributes',
      });
      if (rest) setFailure({ message: rest, conversationId: v.conversation_id });
    }
  });

  const advice = failure ? runErrorAdvice(failure.message) : null;

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4" aria-label="Run procedure">
      {!procedure ? (
        <Field id="run-procedure-id" label="Procedure id" required error={errors.procedure_id?.message}>
          <Input
            id="run-procedure-id"
            autoComplete="off"
            className="font-mono"
            aria-invalid={errors.procedure_id ? true : undefined}
            {...register('procedure_id')}
          />
        </Field>
      ) : null}
      <Field
        id="run-conversation-id"
        label="Conversation id"
        required
        error={errors.conversation_id?.message}
        hint="Your external id for this conversation; a fresh one is generated."
      >
        <div className="flex gap-2">
          <Input
            id="run-conversation-id"
            autoComplete="off"
            className="font-mono"
            aria-invalid={errors.conversation_id ? true : undefined}
            aria-describedby={
              errors.conversation_id ? 'run-conversation-id-error' : 'run-conversation-id-hint'
            }
            {...register('conversation_id')}
          />
          <Button
            variant="secondary"
            className="shrink-0"
            onClick={() => {
              setValue('conversation_id', newConversationId(), { shouldValidate: true });
              setFailure(null);
            }}
          >
            <RefreshCw className="size-4" aria-hidden="true" />
            New id
          </Button>
        </div>
      </Field>
      <Field id="run-message" label="Trigger message (optional)" error={errors.message?.message}>
        <Textarea
          id="run-message"
          rows={3}
          placeholder="e.g. I'd like a refund for order 1234"
          aria-invalid={errors.message ? true : undefined}
          aria-describedby="run-message-count"
          {...register('message')}
        />
        <CharCount id="run-message-count" count={message.length} />
      </Field>
      <KeyValueFields
        control={control}
        register={register}
        name="attributes"
        legend="Conversation attributes"
        max={LIMITS.attributes}
        errors={errors.attributes}
        idPrefix="run-attr"
      />
      <div className="flex items-center justify-between gap-4 rounded-md border border-zinc-200 px-3 py-2.5 dark:border-zinc-800">
        <div>
          <Label htmlFor="run-email">Email-style replies</Label>
          <p id="run-email-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
            Fin writes its answers as an email would read.
          </p>
        </div>
        <Switch
          id="run-email"
          aria-describedby="run-email-hint"
          checked={email}
          onCheckedChange={(checked) => setValue('email', checked)}
        />
      </div>

      {failure && advice ? (
        <Callout
          tone="error"
          role="alert"
          title={failure.message}
          actions={
            advice.action === 'open-existing' ? (
              <>
                <Button asChild size="sm" variant="secondary">
                  <Link
                    href={`/conversations/${encodeURIComponent(failure.conversationId)}`}
                    onClick={onDone}
                  >
                    Open the existing conversation
                  </Link>
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => {
                    setValue('conversation_id', newConversationId(), { shouldValidate: true });
                    setFailure(null);
                  }}
                >
                  Use a new conversation id
                </Button>
              </>
            ) : null
          }
        >
          {advice.advice}
        </Callout>
      ) : null}

      <div className="flex justify-end gap-2 pt-1">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={run.isPending}>
          <Play className="size-4" aria-hidden="true" />
          {run.isPending ? 'Starting…' : 'Run procedure'}
        </Button>
      </div>
    </form>
  );
}
