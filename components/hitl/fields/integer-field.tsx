'use client';

import { NumberInputField, type HitlFieldProps } from './shared';

/** integer: a number input stepping by one; the schema refuses decimals. */
export function IntegerField(props: HitlFieldProps) {
  return <NumberInputField {...props} step={1} inputMode="numeric" hint="A whole number." />;
}
