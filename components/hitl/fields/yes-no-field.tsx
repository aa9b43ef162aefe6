'use client';

import { RadioOptionsField, type RadioOption } from './radio-options';
import type { HitlFieldProps } from './shared';

const YES_NO: RadioOption[] = [
  { value: 'true', label: 'Yes', suffix: 'true' },
  { value: 'false', label: 'No', suffix: 'false' },
];

/** boolean: an explicit Yes / No, so "not answered yet" can't pass for "no". */
export function YesNoField(props: HitlFieldProps) {
  return <RadioOptionsField {...props} options={YES_NO} />;
}
