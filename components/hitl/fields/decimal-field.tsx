'use client';

import { NumberInputField, type HitlFieldProps } from './shared';

/** decimal: any finite number. */
export function DecimalField(props: HitlFieldProps) {
  return (
    <NumberInputField
      {...props}
      step="any"
      inputMode="decimal"
      hint="A number; decimals use a dot (12.50)."
    />
  );
}
