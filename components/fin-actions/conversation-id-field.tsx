import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

/** The conversation id a Fin call names, typed or as generated. */
export function ConversationIdField({
  id,
  error,
  registration,
}: {
  id: string;
  error?: string;
  registration: UseFormRegisterReturn;
}) {
  return (
    <Field id={id} label="Conversation id" required error={error}>
      <Input autoComplete="off" className="font-mono" {...registration} />
    </Field>
  );
}
