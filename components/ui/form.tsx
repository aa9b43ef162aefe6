'use client';

import { useState } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { Callout } from './callout';
import { applyServerErrors } from './server-errors';

export interface Failure<Out> {
  message: string;
  values: Out;
}

/**
 * Submits a react-hook-form form through `action`. An API refusal's field messages go beside
 * their fields (`fields` maps API paths to form paths); the rest becomes `failure`.
 */
export function useFormSubmit<In extends FieldValues, Out>(
  form: UseFormReturn<In, unknown, Out>,
  fields: Record<string, Path<In>>,
  action: (values: Out) => Promise<unknown>,
) {
  const [failure, setFailure] = useState<Failure<Out> | null>(null);
  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await action(values);
    } catch (err) {
      const message = applyServerErrors(err, form.setError, fields);
      if (message) setFailure({ message, values });
    }
  });
  return { onSubmit, failure, clearFailure: () => setFailure(null), pending: form.formState.isSubmitting };
}

export interface Submission {
  onSubmit: (event?: React.BaseSyntheticEvent) => unknown;
  pending: boolean;
  failure?: { message: string } | null;
}

/** What went wrong with a submission, in place: `title` over the server's message. */
export function FormFailure({ title, message }: { title: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Callout tone="error" role="alert" title={title}>
      {message}
    </Callout>
  );
}
