'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { LifeBuoy } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { notify } from '@/components/ui/notify';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { CharCount } from '@/components/ui/char-count';
import { CopyButton } from '@/components/ui/copy-button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { applyServerErrors } from '@/components/ui/server-errors';
import { useEscalate } from '@/lib/client/queries/fin';
import type { EscalateResponse, FinUser } from '@/lib/fin';
import { LIMITS } from '@/lib/fin/limits';
import { cn } from '@/lib/utils';

const longText = (what: string) =>
  z.string().max(LIMITS.escalateText, {
    error: `${what} cannot be longer than ${LIMITS.escalateText.toLocaleString('en')} characters`,
  });

const escalateFormSchema = z
  .object({
    target: z.enum(['conversation', 'user']),
    conversation_id: z.string().trim(),
    message: longText('The message'),
    context: longText('The note'),
  })
  .superRefine((v, ctx) => {
    if (v.target === 'conversation' && !v.conversation_id)
      ctx.addIssue({
        code: 'custom',
        path: ['conversation_id'],
        message: 'Enter the conversation id to escalate',
      });
  });
type EscalateFormInput = z.input<typeof escalateFormSchema>;
type EscalateFormOutput = z.output<typeof escalateFormSchema>;

/**
 * Hands a conversation to a human: an existing one (by id), or — with `user` and no fixed
 * conversation — a new Intercom conversation on the user's behalf.
 */
export function EscalateDialog({
  open,
  onOpenChange,
  conversationId,
  user,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  conversationId?: string;
  user?: FinUser | null;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open ? (
        <DialogContent
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
            onDone={() => onOpenChange(false)}
          />
        </DialogContent>
      ) : null}
    </Dialog>
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
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<EscalateResponse | null>(null);
  const fixed = conversationId !== undefined;
  const { register, handleSubmit, control, setValue, setError, formState } = useForm<
    EscalateFormInput,
    unknown,
    EscalateFormOutput
  >({
    resolver: zodResolver(escalateFormSchema),
    defaultValues: {
      target: fixed || !user ? 'conversation' : 'user',
      conversation_id: conversationId ?? '',
      message: '',
      context: '',
    },
  });
  const errors = formState.errors;
  const target = useWatch({ control, name: 'target' });
  const context = useWatch({ control, name: 'context' }) ?? '';
  const message = useWatch({ control, name: 'message' }) ?? '';

  const onSubmit = handleSubmit(async (v) => {
    setFailure(null);
    try {
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
    } catch (err) {
      setFailure(
        applyServerErrors(err, setError, {
          conversation_id: 'conversation_id',
          message: 'message',
          context: 'context',
        }),
      );
    }
  });

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
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4" aria-label="Escalate">
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
        <Field
          id="escalate-conversation-id"
          label="Conversation id"
          required
          error={errors.conversation_id?.message}
        >
          <Input
            id="escalate-conversation-id"
            autoComplete="off"
            className="font-mono"
            aria-invalid={errors.conversation_id ? true : undefined}
            {...register('conversation_id')}
          />
        </Field>
      ) : null}

      {target === 'user' ? (
        <Field
          id="escalate-message"
          label="First message (optional)"
          error={errors.message?.message}
          hint="What the user asks for; Intercom uses “Requesting human support” when empty."
        >
          <Textarea
            id="escalate-message"
            rows={3}
            aria-invalid={errors.message ? true : undefined}
            aria-describedby="escalate-message-count"
            {...register('message')}
          />
          <CharCount id="escalate-message-count" count={message.length} max={LIMITS.escalateText} />
        </Field>
      ) : null}

      <Field id="escalate-context" label="Note for the team (internal)" error={errors.context?.message}>
        <Textarea
          id="escalate-context"
          rows={4}
          placeholder="What happened so far and what the teammate should check"
          aria-invalid={errors.context ? true : undefined}
          aria-describedby="escalate-context-count"
          {...register('context')}
        />
        <CharCount id="escalate-context-count" count={context.length} max={LIMITS.escalateText} />
      </Field>

      {failure ? (
        <Callout tone="error" role="alert" title="The escalation did not go through">
          {failure}
        </Callout>
      ) : null}

      <div className="flex justify-end gap-2 pt-1">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" disabled={escalate.isPending}>
          <LifeBuoy className="size-4" aria-hidden="true" />
          {escalate.isPending ? 'Escalating…' : 'Escalate'}
        </Button>
      </div>
    </form>
  );
}
