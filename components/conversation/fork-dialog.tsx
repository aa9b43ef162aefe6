'use client';

import { GitFork } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { FormProvider } from 'react-hook-form';
import { FIELD_COMPONENTS } from '@/components/hitl/fields';
import { useAnswerForm } from '@/components/hitl/fields/use-answer-form';
import { useFormSubmit } from '@/components/ui/form';
import { DialogForm, FormDialog, type DialogProps } from '@/components/ui/form-dialog';
import { useStartFork } from '@/lib/client/queries/forks';
import { comparePath } from '@/lib/console/forks';
import type { HitlStep } from '@/lib/console/types';
import { prefilledDefaults } from '@/lib/hitl-form/prefill';
import { toAttributeValues } from '@/lib/hitl-form/registry';

/** "What if…": the step's form, filled with the answer given, to replay the run with another one. */
export function ForkDialog({
  conversationId,
  step,
  ...dialog
}: { conversationId: string; step: HitlStep } & DialogProps) {
  return (
    <FormDialog
      {...dialog}
      title="What if…"
      description={
        <>
          Replays this run on the simulator with another answer to “{step.hitl_question}”. Everything before
          the step happens again the same way; then you see both runs side by side.
        </>
      }
      className="max-w-xl"
    >
      <ForkForm conversationId={conversationId} step={step} />
    </FormDialog>
  );
}

function ForkForm({ conversationId, step }: { conversationId: string; step: HitlStep }) {
  const router = useRouter();
  const start = useStartFork(conversationId);
  const { form, methods } = useAnswerForm(step.attributes, (fields) =>
    prefilledDefaults(fields, step.attribute_values),
  );
  const serverFields = useMemo(
    () => Object.fromEntries(form.fields.map((f) => [`attribute_values.${f.attribute.identifier}`, f.key])),
    [form.fields],
  );
  const submit = useFormSubmit(methods, serverFields, async (values) => {
    const started = await start.mutateAsync({
      step_id: step.step_id,
      values: toAttributeValues(form.fields, values),
    });
    router.push(comparePath(conversationId, started.conversation_id));
  });

  return (
    <FormProvider {...methods}>
      <DialogForm
        label="Another answer"
        submit={submit}
        failureTitle="The fork could not start"
        submitLabel="Run with this answer"
        pendingLabel="Starting…"
        icon={GitFork}
      >
        <fieldset disabled={submit.pending} className="space-y-5">
          <legend className="sr-only">Answers for “{step.hitl_question}”</legend>
          {form.fields.map((field) => {
            const Component = FIELD_COMPONENTS[field.kind];
            return <Component key={field.key} field={field} />;
          })}
        </fieldset>
      </DialogForm>
    </FormProvider>
  );
}
