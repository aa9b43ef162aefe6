'use client';

import { RotateCcw, Send } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { SubmitButton } from '@/components/ui/submit-button';
import { notify } from '@/components/ui/notify';
import { applyServerErrors } from '@/components/ui/server-errors';
import { ApiError } from '@/lib/client/api';
import { useSubmitStep } from '@/lib/client/queries/hitl';
import { useCan, useSession } from '@/lib/client/session';
import type { HitlStep } from '@/lib/console/types';
import { fieldKeyForError, toAttributeValues, type AttributeValue } from '@/lib/hitl-form/registry';
import { FIELD_COMPONENTS } from './fields';
import { useAnswerForm } from './fields/use-answer-form';

type Parsed = Record<string, AttributeValue>;

/** Refusals the form can't fix (auth, gone, expired, taken): the step page shows them. */
export const isRefusal = (e: ApiError) => [401, 403, 404, 409, 410].includes(e.status);

/** The answer form built from the step's attributes; one submission at a time, typed values survive failures. */
export function StepForm({
  step,
  blocked,
  onAnswered,
  onRefused,
}: {
  step: HitlStep;
  blocked: string | null;
  onAnswered: () => void;
  onRefused: (error: ApiError) => void;
}) {
  const me = useSession();
  const mayAnswer = useCan('answerStep').allowed;
  const { form, methods } = useAnswerForm(step.attributes);
  const submit = useSubmitStep();
  const inFlight = useRef(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  // Inputs are disabled while sending, so a field the server refused is focused once that ends.
  const focusAfterSend = useRef<string | null>(null);

  const onValid = async (values: Parsed) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setFailure(null);
    try {
      await submit.mutateAsync({
        stepId: step.step_id,
        body: { attribute_values: toAttributeValues(form.fields, values) },
      });
      // A plain toast: the rich success colours fall short of AA contrast.
      notify.message('Answer sent', { description: 'The run continues.' });
      onAnswered();
    } catch (e) {
      const error =
        e instanceof ApiError ? e : new ApiError(0, null, e instanceof Error ? e.message : String(e));
      if (isRefusal(error)) return onRefused(error);
      if (error.status === 400) {
        const unplaced = applyServerErrors(error, methods.setError, (field) => {
          const key = fieldKeyForError(form.fields, field);
          focusAfterSend.current ??= key;
          return key;
        });
        if (unplaced === null) return;
      }
      setFailure(error);
      requestAnimationFrame(() => failureRef.current?.focus());
    } finally {
      inFlight.current = false;
    }
  };

  const send = (e?: React.BaseSyntheticEvent) => methods.handleSubmit(onValid)(e);
  const sending = methods.formState.isSubmitting || submit.isPending;
  const disabled = sending || blocked !== null;
  const errorCount = Object.keys(methods.formState.errors).length;
  useEffect(() => {
    if (sending || !focusAfterSend.current) return;
    methods.setFocus(focusAfterSend.current);
    focusAfterSend.current = null;
  }, [sending, methods]);

  return (
    <FormProvider {...methods}>
      <form
        noValidate
        onSubmit={(e) => void send(e)}
        aria-describedby="answer-required-note"
        className="space-y-5"
      >
        <p id="answer-required-note" className="text-xs text-zinc-600 dark:text-zinc-400">
          Every field is required (
          <span className="text-red-600" aria-hidden="true">
            *
          </span>
          <span className="sr-only">marked with an asterisk</span>).
        </p>
        <fieldset disabled={disabled} className="space-y-5 disabled:opacity-80">
          <legend className="sr-only">Answers for {step.procedure_name}</legend>
          {form.fields.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              This step asks for no values; sending confirms it.
            </p>
          ) : null}
          {form.fields.map((field) => {
            const Component = FIELD_COMPONENTS[field.kind];
            return <Component key={field.key} field={field} />;
          })}
        </fieldset>

        {failure ? (
          <FailureMessage ref={failureRef} error={failure} onRetry={() => void send()} retrying={sending} />
        ) : null}

        {errorCount > 0 && !sending ? (
          <p role="status" className="text-sm font-medium text-red-700 dark:text-red-400">
            {errorCount === 1 ? 'One field needs attention' : `${errorCount} fields need attention`} before
            the answer can be sent.
          </p>
        ) : null}

        <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <SubmitButton pending={sending} pendingLabel="Sending…" disabled={disabled} icon={Send}>
            Send answer
          </SubmitButton>
          {me && mayAnswer ? (
            <span className="text-sm text-zinc-600 dark:text-zinc-400">
              Answering as <strong className="text-zinc-900 dark:text-zinc-100">{me.name}</strong>
            </span>
          ) : null}
        </div>
      </form>
    </FormProvider>
  );
}

function FailureMessage({
  ref,
  error,
  onRetry,
  retrying,
}: {
  ref: React.Ref<HTMLDivElement>;
  error: ApiError;
  onRetry: () => void;
  retrying: boolean;
}) {
  const retry = (
    <Button size="sm" variant="secondary" onClick={onRetry} disabled={retrying}>
      <RotateCcw className="size-3.5" aria-hidden="true" />
      {retrying ? 'Retrying…' : 'Retry'}
    </Button>
  );
  let title: string;
  let body: React.ReactNode;
  let actions: React.ReactNode = null;
  if (error.status === 400) {
    title = 'The answer was not accepted';
    body = error.message;
  } else {
    title = 'The answer did not go through';
    body =
      error.status === 0 ? (
        <>
          The console could not be reached. Nothing was lost: your answers are still here and the step is
          still open.
        </>
      ) : (
        <>{error.message.replace(/\.?$/, '.')} Your answers are still here.</>
      );
    actions = retry;
  }
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="focus:outline-none">
      <Callout tone="error" title={title} actions={actions}>
        {body}
      </Callout>
    </div>
  );
}
