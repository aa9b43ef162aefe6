'use client';

import { Loader2 } from 'lucide-react';
import { useState } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { Button, type ButtonProps } from './button';
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

/** A submit button that spins (and may say so) while its form is pending. */
export function SubmitButton({
  pending,
  pendingLabel,
  icon,
  children,
  ...props
}: ButtonProps & { pending: boolean; pendingLabel?: string; icon?: React.ReactNode }) {
  return (
    <Button type="submit" disabled={pending} {...props}>
      {pending ? <Loader2 className="size-4 animate-spin" aria-hidden="true" /> : icon}
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
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
