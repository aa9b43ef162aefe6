'use client';

import { RadioOptionsField, type HitlFieldProps, type RadioOption } from './shared';

const YES_NO: RadioOption[] = [
  { value: 'true', label: 'Yes', suffix: 'true' },
  { value: 'false', label: 'No', suffix: 'false' },
];

/** boolean: an explicit Yes / No, so "not answered yet" can't pass for "no". */
export function YesNoField(props: HitlFieldProps) {
  return <RadioOptionsField {...props} options={YES_NO} />;
}
