'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Play, RefreshCw } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useForm, useWatch } from 'react-hook-form';
import { warningLines } from '@/lib/console/timeline-model';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { CountedField } from '@/components/ui/char-count';
import { Field } from '@/components/ui/field';
import { Label } from '@/components/ui/label';
import { useFormSubmit } from '@/components/ui/form';
import { DialogForm, FormDialog, type DialogProps } from '@/components/ui/form-dialog';
import { Input, Textarea } from '@/components/ui/input';
import { KeyValueFields } from '@/components/ui/key-value-fields';
import { rowsToRecord } from '@/components/ui/key-value';
import { notify } from '@/components/ui/notify';
import { Switch } from '@/components/ui/switch';
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
  ...dialog
}: { procedure: ProcedureRef | null; user: FinUser } & DialogProps) {
  return (
    <FormDialog
      {...dialog}
      title={procedure ? `Run “${procedure.name}”` : 'Run a procedure by id'}
      description={
        procedure?.description ??
        'For a procedure the catalogue does not list, e.g. a draft or one with another audience.'
      }
      className="max-w-xl"
    >
      <RunForm procedure={procedure} user={user} onDone={() => dialog.onOpenChange(false)} />
    </FormDialog>
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
  const form = useForm<RunFormInput, unknown, RunFormOutput>({
    resolver: zodResolver(runFormSchema),
    defaultValues: {
      procedure_id: procedure?.id ?? '',
      conversation_id: newConversationId(),
      message: '',
      attributes: [],
      email: false,
    },
  });
  const { register, control, setValue, formState } = form;
  const errors = formState.errors;
  const message = useWatch({ control, name: 'message' }) ?? '';
  const email = useWatch({ control, name: 'email' });

  const submit = useFormSubmit(
    form,
    {
      conversation_id: 'conversation_id',
      'message.body': 'message',
      message: 'message',
      'conversation_metadata.attributes': 'attributes',
      conversation_metadata: 'attributes',
    },
    async (v) => {
      const attributes = rowsToRecord(v.attributes);
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
    },
  );
  const newId = () => {
    setValue('conversation_id', newConversationId(), { shouldValidate: true });
    submit.clearFailure();
  };

  const failure = submit.failure;
  const advice = failure ? runErrorAdvice(failure.message) : null;

  return (
    <DialogForm
      label="Run procedure"
      submit={submit}
      submitLabel="Run procedure"
      pendingLabel="Starting…"
      icon={Play}
      failure={
        failure && advice ? (
          <Callout
            tone="error"
            role="alert"
            title={failure.message}
            actions={
              advice.action === 'open-existing' ? (
                <>
                  <Button asChild size="sm" variant="secondary">
                    <Link
                      href={`/conversations/${encodeURIComponent(failure.values.conversation_id)}`}
                      onClick={onDone}
                    >
                      Open the existing conversation
                    </Link>
                  </Button>
                  <Button size="sm" variant="secondary" onClick={newId}>
                    Use a new conversation id
                  </Button>
                </>
              ) : null
            }
          >
            {advice.advice}
          </Callout>
        ) : null
      }
    >
      {!procedure ? (
        <Field id="run-procedure-id" label="Procedure id" required error={errors.procedure_id?.message}>
          <Input autoComplete="off" className="font-mono" {...register('procedure_id')} />
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
          <Input autoComplete="off" className="font-mono" {...register('conversation_id')} />
          <Button variant="secondary" className="shrink-0" onClick={newId}>
            <RefreshCw className="size-4" aria-hidden="true" />
            New id
          </Button>
        </div>
      </Field>
      <CountedField
        id="run-message"
        label="Trigger message (optional)"
        error={errors.message?.message}
        count={message.length}
      >
        <Textarea rows={3} placeholder="e.g. I'd like a refund for order 1234" {...register('message')} />
      </CountedField>
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
    </DialogForm>
  );
}
