'use client';

import {
  useFieldArray,
  type ArrayPath,
  type FieldArray,
  type Control,
  type FieldValues,
  type Path,
  type UseFormRegister,
} from 'react-hook-form';

import { FieldRow, FieldRows } from './field-rows';
import { controlProps } from './field';
import { Input } from './input';

type RowErrors = { key?: { message?: string } } | undefined;
type ArrayErrors = { message?: string; root?: { message?: string }; [index: number]: RowErrors } | undefined;

/**
 * Editable key/value rows for an attributes map (RHF field array of `{key, value}`), capped
 * at `max` rows. Each input is labelled by its row number for screen readers.
 */
export function KeyValueFields<T extends FieldValues>({
  control,
  register,
  name,
  legend,
  hint,
  max,
  errors,
  idPrefix,
  keyPlaceholder = 'name',
  valuePlaceholder = 'value',
}: {
  control: Control<T>;
  register: UseFormRegister<T>;
  name: ArrayPath<T>;
  legend: string;
  hint?: string;
  max: number;
  errors?: unknown;
  idPrefix: string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
}) {
  const { fields, append, remove } = useFieldArray({ control, name });
  const errs = errors as ArrayErrors;
  const listError = errs?.root?.message ?? errs?.message;
  const noun = legend.toLowerCase().replace(/s$/, '');
  return (
    <FieldRows
      legend={legend}
      count={fields.length}
      max={max}
      hint={hint}
      error={listError}
      addLabel={`Add ${noun}`}
      onAdd={() => append({ key: '', value: '' } as FieldArray<T, ArrayPath<T>>)}
    >
      {fields.map((field, i) => {
        const error = errs?.[i]?.key?.message;
        const keyId = `${idPrefix}-${i}-key`;
        const valueId = `${idPrefix}-${i}-value`;
        return (
          <FieldRow
            key={field.id}
            removeLabel={`Remove ${noun} ${i + 1}`}
            onRemove={() => remove(i)}
            error={error}
            errorId={`${keyId}-error`}
          >
            <label htmlFor={keyId} className="sr-only">
              {`${legend} ${i + 1} name`}
            </label>
            <Input
              {...controlProps(keyId, { error })}
              placeholder={keyPlaceholder}
              autoComplete="off"
              {...register(`${name}.${i}.key` as Path<T>)}
            />
            <label htmlFor={valueId} className="sr-only">
              {`${legend} ${i + 1} value`}
            </label>
            <Input
              id={valueId}
              placeholder={valuePlaceholder}
              autoComplete="off"
              {...register(`${name}.${i}.value` as Path<T>)}
            />
          </FieldRow>
        );
      })}
    </FieldRows>
  );
}
