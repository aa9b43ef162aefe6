'use client';

import { useEffect, useMemo } from 'react';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '@/components/ui/lazy-resolver';
import type { HitlAttribute } from '@/lib/fin';
import { buildHitlForm, type AttributeValue, type RawValue } from '@/lib/hitl-form/registry';
import type { RawValues } from './shared';

/**
 * A HITL step's answer form: its fields from the attributes and a react-hook-form whose schema
 * loads apart (zod stays out of the first load). `prefill` gives starting values, else all empty.
 */
export function useAnswerForm(
  attributes: readonly HitlAttribute[],
  prefill?: (fields: ReturnType<typeof buildHitlForm>['fields']) => Record<string, RawValue>,
) {
  const form = useMemo(() => buildHitlForm(attributes), [attributes]);
  const resolver = useMemo(
    () =>
      lazyZodResolver<RawValues, Record<string, AttributeValue>>(() =>
        import('@/lib/hitl-form/schema').then((m) => m.hitlSchema(form.fields)),
      ),
    [form.fields],
  );
  useEffect(() => resolver.preload(), [resolver]);
  const methods = useForm<RawValues, unknown, Record<string, AttributeValue>>({
    resolver,
    defaultValues: prefill ? prefill(form.fields) : form.defaults,
  });
  return { form, methods };
}
