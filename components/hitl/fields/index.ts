import type { ComponentType } from 'react';
import type { FieldKind } from '@/lib/hitl-form/registry';
import { ChoiceRadioField } from './choice-radio-field';
import { ChoiceSelectField } from './choice-select-field';
import { DateTimeField } from './datetime-field';
import { DecimalField } from './decimal-field';
import { FallbackField } from './fallback-field';
import { IntegerField } from './integer-field';
import { LongTextField } from './long-text-field';
import type { HitlFieldProps } from './shared';
import { TextField } from './text-field';
import { YesNoField } from './yes-no-field';

/** The component half of the registry (`lib/hitl-form/registry.ts` holds the schema half). */
export const FIELD_COMPONENTS: Record<FieldKind, ComponentType<HitlFieldProps>> = {
  'yes-no': YesNoField,
  'choice-radio': ChoiceRadioField,
  'choice-select': ChoiceSelectField,
  text: TextField,
  'long-text': LongTextField,
  integer: IntegerField,
  decimal: DecimalField,
  datetime: DateTimeField,
  fallback: FallbackField,
};

export type { HitlFieldProps, RawValues } from './shared';
