'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { LifeBuoy } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { CopyButton } from '@/components/ui/copy-button';
import { CountedField } from '@/components/ui/char-count';
import { useFormSubmit } from '@/components/ui/form';
import { DialogForm, FormDialog, type DialogProps } from '@/components/ui/form-dialog';
import { Textarea } from '@/components/ui/input';
import { notify } from '@/components/ui/notify';
import { useEscalate } from '@/lib/client/queries/fin';
import type { EscalateResponse, FinUser } from '@/lib/fin';
import { LIMITS } from '@/lib/fin/limits';
import { cn } from '@/lib/utils';
import { ConversationIdField } from './conversation-id-field';
import { escalateFormSchema, type EscalateFormInput, type EscalateFormOutput } from './forms';

/**
 * Hands a conversation to a human: an existing one (by id), or — with `user` and no fixed
 * conversation — a new Intercom conversation on the user's behalf.
 */
export function EscalateDialog({
  conversationId,
  user,
  ...dialog
}: { conversationId?: string; user?: FinUser | null } & DialogProps) {
  return (
    <FormDialog
      {...dialog}
      title={conversationId ? 'Escalate to a human' : 'Escalate'}
      description={
        conversationId
          ? 'Fin stops and the conversation goes to your team in Intercom. The note is internal: the user never sees it.'
          : 'Open a new Intercom conversation on the user’s behalf, or hand an existing one to your team.'
      }
      className="max-w-xl"
    >
      <EscalateForm
        conversationId={conversationId}
        user={user ?? null}
        onDone={() => dialog.onOpenChange(false)}
      />
    </FormDialog>
  );
}

function EscalateForm({
  conversationId,
  user,
  onDone,
}: {
  conversationId?: string;
  user: FinUser | null;
  onDone: () => void;
}) {
  const escalate = useEscalate();
  const [result, setResult] = useState<EscalateResponse | null>(null);
  const fixed = conversationId !== undefined;
  const form = useForm<EscalateFormInput, unknown, EscalateFormOutput>({
    resolver: zodResolver(escalateFormSchema),
    defaultValues: {
      target: fixed || !user ? 'conversation' : 'user',
      conversation_id: conversationId ?? '',
      message: '',
      context: '',
    },
  });
  const { register, control, setValue, formState } = form;
  const errors = formState.errors;
  const target = useWatch({ control, name: 'target' });
  const context = useWatch({ control, name: 'context' }) ?? '';
  const message = useWatch({ control, name: 'message' }) ?? '';

  const submit = useFormSubmit(
    form,
    { conversation_id: 'conversation_id', message: 'message', context: 'context' },
    async (v) => {
      const res = await escalate.mutateAsync(
        v.target === 'user' && user
          ? {
              user,
              ...(v.message.trim() ? { message: v.message } : {}),
              ...(v.context.trim() ? { context: v.context } : {}),
            }
          : { conversation_id: v.conversation_id, ...(v.context.trim() ? { context: v.context } : {}) },
      );
      if (v.target === 'user') {
        notify.success('Escalated: a new Intercom conversation is open', {
          description: res.intercom_conversation_id
            ? `Intercom conversation ${res.intercom_conversation_id}`
            : undefined,
        });
        setResult(res);
      } else {
        notify.success('Escalated to a human');
        onDone();
      }
    },
  );

  if (result) {
    return (
      <div className="space-y-4">
        <Callout tone="success" title="Escalated — a teammate will pick it up in Intercom" role="status">
          {result.intercom_conversation_id ? (
            <p>
              Intercom conversation id{' '}
              <strong className="font-mono" data-testid="intercom-conversation-id">
                {result.intercom_conversation_id}
              </strong>
            </p>
          ) : (
            <p>Intercom did not return a conversation id.</p>
          )}
        </Callout>
        <div className="flex flex-wrap justify-end gap-2">
          {result.intercom_conversation_id ? (
            <CopyButton text={result.intercom_conversation_id} label="Copy Intercom id" />
          ) : null}
          {result.conversation_id || result.intercom_conversation_id ? (
            <Button asChild variant="secondary" size="sm">
              {/* The console files a conversation opened this way under `intercom-<id>` when Fin gives it no id of ours. */}
              <Link
                href={`/conversations/${encodeURIComponent(result.conversation_id ?? `intercom-${result.intercom_conversation_id}`)}`}
                onClick={onDone}
              >
                Open conversation
              </Link>
            </Button>
          ) : null}
          <Button size="sm" onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    );
  }

  return (
    <DialogForm
      label="Escalate"
      submit={submit}
      failureTitle="The escalation did not go through"
      submitLabel="Escalate"
      pendingLabel="Escalating…"
      icon={LifeBuoy}
      variant="danger"
    >
      {!fixed && user ? (
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">
            What to escalate
          </legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {(
              [
                ['user', 'A new conversation', `On behalf of ${user.name ?? user.id}`],
                ['conversation', 'An existing conversation', 'By its conversation id'],
              ] as const
            ).map(([value, title, sub]) => (
              <label
                key={value}
                className={cn(
                  'has-[:focus-visible]:ring-brand-500 flex cursor-pointer gap-2 rounded-md border p-3 text-sm has-[:focus-visible]:ring-2',
                  target === value
                    ? 'border-brand-500 bg-brand-50 dark:bg-brand-700/20'
                    : 'border-zinc-200 dark:border-zinc-800',
                )}
              >
                <input
                  type="radio"
                  name="escalate-target"
                  value={value}
                  className="accent-brand-600 mt-0.5"
                  checked={target === value}
                  onChange={() => setValue('target', value)}
                />
                <span>
                  <span className="block font-medium">{title}</span>
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{sub}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {!fixed && target === 'conversation' ? (
        <ConversationIdField
          id="escalate-conversation-id"
          error={errors.conversation_id?.message}
          registration={register('conversation_id')}
        />
      ) : null}

      {target === 'user' ? (
        <CountedField
          id="escalate-message"
          label="First message (optional)"
          error={errors.message?.message}
          hint="What the user asks for; Intercom uses “Requesting human support” when empty."
          count={message.length}
          max={LIMITS.escalateText}
        >
          <Textarea rows={3} {...register('message')} />
        </CountedField>
      ) : null}

      <CountedField
        id="escalate-context"
        label="Note for the team (internal)"
        error={errors.context?.message}
        count={context.length}
        max={LIMITS.escalateText}
      >
        <Textarea
          rows={4}
          placeholder="What happened so far and what the teammate should check"
          {...register('context')}
        />
      </CountedField>
    </DialogForm>
  );
}
