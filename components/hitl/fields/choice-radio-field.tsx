'use client';

import { RadioOptionsField, type HitlFieldProps } from './shared';

/** list with a few options: every label in view; the option id is what gets sent. */
export function ChoiceRadioField(props: HitlFieldProps) {
  const options = props.field.options.map((o, i) => ({ value: o.id, label: o.label, suffix: String(i) }));
  return <RadioOptionsField {...props} options={options} />;
}
