'use client';

import { useWatch } from 'react-hook-form';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { localDateTimeToIso } from '@/lib/hitl-form/convert';
import { useHitlField, type HitlFieldProps } from './shared';

const zone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'local time';
  }
};

/** datetime: picked in the teammate's own time zone, sent as ISO 8601 in UTC. */
export function DateTimeField({ field, disabled }: HitlFieldProps) {
  const { id, error, form } = useHitlField(field);
  const raw = useWatch({ control: form.control, name: field.key }) ?? '';
  const converted = raw ? localDateTimeToIso(raw) : null;
  const hint = converted?.ok ? (
    <>
      Your time zone ({zone()}); sent as <code className="font-mono">{converted.value}</code>
    </>
  ) : (
    <>In your time zone ({zone()}).</>
  );
  return (
    <Field id={id} label={field.label} required error={error} hint={hint}>
      {/* A block wrapper keeps the narrow input under its label. */}
      <div>
        <Input type="datetime-local" className="max-w-64" disabled={disabled} {...form.register(field.key)} />
      </div>
    </Field>
  );
}
