'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Link2, Plus, Send } from 'lucide-react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { warningLines } from '@/lib/console/timeline-model';
import { Button } from '@/components/ui/button';
import { CountedField } from '@/components/ui/char-count';
import { controlProps } from '@/components/ui/field';
import { Label } from '@/components/ui/label';
import { FieldRow, FieldRows } from '@/components/ui/field-rows';
import { FormFailure, useFormSubmit } from '@/components/ui/form';
import { SubmitButton } from '@/components/ui/submit-button';
import { Input, Textarea } from '@/components/ui/input';
import { notify } from '@/components/ui/notify';
import { Switch } from '@/components/ui/switch';
import { useReplyToFin } from '@/lib/client/queries/fin';
import type { ConversationResponse, FinUser } from '@/lib/fin';
import { LIMITS } from '@/lib/fin/limits';
import { ConversationIdField } from './conversation-id-field';
import { replyFormSchema, type ReplyFormInput, type ReplyFormOutput } from './forms';

/**
 * The user's reply that continues a run waiting on them (`/fin/reply`). With no fixed
 * `conversationId` it asks for one (the catalogue's Reply action).
 */
export function ReplyComposer({
  conversationId,
  user,
  onSent,
  idPrefix = 'reply',
}: {
  conversationId?: string;
  user: FinUser;
  onSent?: (res: ConversationResponse) => void;
  idPrefix?: string;
}) {
  const reply = useReplyToFin();
  const defaults: ReplyFormInput = {
    conversation_id: conversationId ?? '',
    message: '',
    attachments: [],
    follow_up_questions: true,
    email: false,
  };
  const form = useForm<ReplyFormInput, unknown, ReplyFormOutput>({
    resolver: zodResolver(replyFormSchema),
    defaultValues: defaults,
  });
  const { register, control, setValue, reset, formState } = form;
  const attachments = useFieldArray({ control, name: 'attachments' });
  const errors = formState.errors;
  const message = useWatch({ control, name: 'message' }) ?? '';
  const followUps = useWatch({ control, name: 'follow_up_questions' });
  const email = useWatch({ control, name: 'email' });
  const id = (s: string) => `${idPrefix}-${s}`;

  const submit = useFormSubmit(
    form,
    {
      conversation_id: 'conversation_id',
      'message.body': 'message',
      message: 'message',
      attachments: 'attachments',
    },
    async (v) => {
      const res = await reply.mutateAsync({
        conversation_id: v.conversation_id,
        message: { author: 'user', body: v.message, timestamp: new Date().toISOString() },
        user,
        ...(v.attachments.length
          ? { attachments: v.attachments.map((a) => ({ type: 'url' as const, url: a.url })) }
          : {}),
        settings: { follow_up_questions: v.follow_up_questions, email: v.email },
      });
      notify.success('Reply sent; Fin is working on it');
      const warnings = warningLines(res.errors);
      if (warnings.length)
        notify.warning('Fin ignored some attributes', { description: warnings.join('\n') });
      reset({ ...defaults, follow_up_questions: v.follow_up_questions, email: v.email });
      onSent?.(res);
    },
  );

  return (
    <form
      noValidate
      onSubmit={(e) => void submit.onSubmit(e)}
      className="space-y-3"
      aria-label="Reply as the user"
    >
      {conversationId === undefined ? (
        <ConversationIdField
          id={id('conversation-id')}
          error={errors.conversation_id?.message}
          registration={register('conversation_id')}
        />
      ) : null}
      <CountedField
        id={id('message')}
        label="User’s reply"
        required
        error={errors.message?.message}
        count={message.length}
      >
        <Textarea
          rows={3}
          placeholder="What the user answers Fin"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              void submit.onSubmit();
            }
          }}
          {...register('message')}
        />
      </CountedField>

      <FieldRows
        legend="Attachments by URL"
        count={attachments.fields.length}
        max={LIMITS.attachments}
        error={errors.attachments?.root?.message ?? errors.attachments?.message}
      >
        {attachments.fields.map((f, i) => {
          const error = errors.attachments?.[i]?.url?.message;
          return (
            <FieldRow
              key={f.id}
              removeLabel={`Remove attachment ${i + 1}`}
              onRemove={() => attachments.remove(i)}
              error={error}
              errorId={id(`attachment-${i}-error`)}
            >
              <Link2 className="size-4 shrink-0 self-center text-zinc-400" aria-hidden="true" />
              <label htmlFor={id(`attachment-${i}`)} className="sr-only">{`Attachment ${i + 1} URL`}</label>
              <Input
                {...controlProps(id(`attachment-${i}`), { error })}
                type="url"
                placeholder="https://example.com/receipt.pdf"
                {...register(`attachments.${i}.url`)}
              />
            </FieldRow>
          );
        })}
      </FieldRows>

      <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
        <Button
          variant="secondary"
          size="sm"
          disabled={attachments.fields.length >= LIMITS.attachments}
          onClick={() => attachments.append({ url: '' })}
        >
          <Plus className="size-4" aria-hidden="true" />
          Add attachment
        </Button>
        <div className="flex items-center gap-2">
          <Switch
            id={id('follow-ups')}
            checked={followUps}
            onCheckedChange={(c) => setValue('follow_up_questions', c)}
          />
          <Label htmlFor={id('follow-ups')} className="font-normal">
            Follow-up questions
          </Label>
        </div>
        <div className="flex items-center gap-2">
          <Switch id={id('email')} checked={email} onCheckedChange={(c) => setValue('email', c)} />
          <Label htmlFor={id('email')} className="font-normal">
            Email-style replies
          </Label>
        </div>
        <SubmitButton className="ml-auto" pending={submit.pending} pendingLabel="Sending…" icon={Send}>
          Send reply
        </SubmitButton>
      </div>
      <FormFailure title="Fin did not take the reply" message={submit.failure?.message} />
    </form>
  );
}
