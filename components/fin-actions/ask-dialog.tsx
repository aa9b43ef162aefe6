'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Sparkles } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { warningLines } from '@/lib/console/timeline-model';
import { CountedField } from '@/components/ui/char-count';
import { controlProps } from '@/components/ui/field';
import { FieldRow, FieldRows } from '@/components/ui/field-rows';
import { useFormSubmit } from '@/components/ui/form';
import { DialogForm, FormDialog, type DialogProps } from '@/components/ui/form-dialog';
import { Input, Select, Textarea } from '@/components/ui/input';
import { KeyValueFields } from '@/components/ui/key-value-fields';
import { rowsToRecord } from '@/components/ui/key-value';
import { notify } from '@/components/ui/notify';
import { newConversationId, useAskFin } from '@/lib/client/queries/fin';
import type { FinUser } from '@/lib/fin';
import { LIMITS } from '@/lib/fin/limits';
import { ConversationIdField } from './conversation-id-field';
import { askFormSchema, type AskFormInput, type AskFormOutput } from './forms';

/** Ask Fin one question for the current user; the answer streams into a conversation view. */
export function AskDialog({ user, ...dialog }: { user: FinUser } & DialogProps) {
  return (
    <FormDialog
      {...dialog}
      title="Ask Fin"
      description="A one-shot question: Fin answers once and takes no follow-ups. Escalate afterwards if a human should take over."
      className="max-w-xl"
    >
      <AskForm user={user} onDone={() => dialog.onOpenChange(false)} />
    </FormDialog>
  );
}

function AskForm({ user, onDone }: { user: FinUser; onDone: () => void }) {
  const router = useRouter();
  const ask = useAskFin();
  const form = useForm<AskFormInput, unknown, AskFormOutput>({
    resolver: zodResolver(askFormSchema),
    defaultValues: { conversation_id: newConversationId('ask'), message: '', history: [], attributes: [] },
  });
  const { register, control, formState } = form;
  const history = useFieldArray({ control, name: 'history' });
  const errors = formState.errors;
  const message = useWatch({ control, name: 'message' }) ?? '';

  const submit = useFormSubmit(
    form,
    {
      conversation_id: 'conversation_id',
      'message.body': 'message',
      message: 'message',
      'conversation_metadata.history': 'history',
      'conversation_metadata.attributes': 'attributes',
    },
    async (v) => {
      const attributes = rowsToRecord(v.attributes);
      const metadata = {
        ...(v.history.length ? { history: v.history.map((h) => ({ author: h.author, body: h.body })) } : {}),
        ...(attributes ? { attributes } : {}),
      };
      const res = await ask.mutateAsync({
        conversation_id: v.conversation_id,
        message: { author: 'user', body: v.message, timestamp: new Date().toISOString() },
        user,
        ...(Object.keys(metadata).length ? { conversation_metadata: metadata } : {}),
      });
      notify.success('Question sent to Fin');
      const warnings = warningLines(res.errors);
      if (warnings.length)
        notify.warning('Fin ignored some attributes', { description: warnings.join('\n') });
      onDone();
      router.push(`/conversations/${encodeURIComponent(res.conversation_id)}`);
    },
  );

  return (
    <DialogForm
      label="Ask Fin"
      submit={submit}
      failureTitle="Fin could not take the question"
      submitLabel="Ask Fin"
      pendingLabel="Asking…"
      icon={Sparkles}
    >
      <CountedField
        id="ask-message"
        label="Question"
        required
        error={errors.message?.message}
        count={message.length}
      >
        <Textarea rows={3} placeholder="e.g. How do I export my invoices?" {...register('message')} />
      </CountedField>

      <FieldRows
        legend="Earlier messages"
        count={history.fields.length}
        max={LIMITS.history}
        hint="Context Fin reads before answering, oldest first."
        error={errors.history?.root?.message ?? errors.history?.message}
        addLabel="Add earlier message"
        onAdd={() => history.append({ author: 'user', body: '' })}
        ordered
      >
        {history.fields.map((f, i) => {
          const error = errors.history?.[i]?.body?.message;
          const bodyId = `ask-history-${i}-body`;
          return (
            <FieldRow
              key={f.id}
              removeLabel={`Remove message ${i + 1}`}
              onRemove={() => history.remove(i)}
              error={error}
              errorId={`${bodyId}-error`}
            >
              <label htmlFor={`ask-history-${i}-author`} className="sr-only">
                {`Message ${i + 1} author`}
              </label>
              <Select
                id={`ask-history-${i}-author`}
                className="w-28 shrink-0"
                {...register(`history.${i}.author`)}
              >
                <option value="user">User</option>
                <option value="agent">Agent</option>
              </Select>
              <label htmlFor={bodyId} className="sr-only">
                {`Message ${i + 1} text`}
              </label>
              <Input
                {...controlProps(bodyId, { error })}
                autoComplete="off"
                {...register(`history.${i}.body`)}
              />
            </FieldRow>
          );
        })}
      </FieldRows>

      <KeyValueFields
        control={control}
        register={register}
        name="attributes"
        legend="Conversation attributes"
        max={LIMITS.attributes}
        errors={errors.attributes}
        idPrefix="ask-attr"
      />

      <ConversationIdField
        id="ask-conversation-id"
        error={errors.conversation_id?.message}
        registration={register('conversation_id')}
      />
    </DialogForm>
  );
}
