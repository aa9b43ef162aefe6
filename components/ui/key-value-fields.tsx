'use client';

import { Plus, Trash2 } from 'lucide-react';
import {
  useFieldArray,
  type ArrayPath,
  type Control,
  type FieldValues,
  type Path,
  type UseFormRegister,
} from 'react-hook-form';
import { Button } from './button';
import { controlProps, FieldError } from './field';
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
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {legend}{' '}
        <span className="font-normal text-zinc-500 dark:text-zinc-400">
          ({fields.length}/{max})
        </span>
      </legend>
      {hint ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p> : null}
      {fields.length > 0 ? (
        <ul className="space-y-2">
          {fields.map((field, i) => {
            const rowErr = errs?.[i];
            const keyId = `${idPrefix}-${i}-key`;
            const valueId = `${idPrefix}-${i}-value`;
            return (
              <li key={field.id} className="space-y-1">
                <div className="flex items-start gap-2">
                  <label htmlFor={keyId} className="sr-only">
                    {`${legend} ${i + 1} name`}
                  </label>
                  <Input
                    {...controlProps(keyId, { error: rowErr?.key?.message })}
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
                  <Button
                    variant="ghost"
                    size="sm"
                    className="h-9 shrink-0"
                    aria-label={`Remove ${noun} ${i + 1}`}
                    onClick={() => remove(i)}
                  >
                    <Trash2 className="size-4" aria-hidden="true" />
                  </Button>
                </div>
                <FieldError id={`${keyId}-error`}>{rowErr?.key?.message}</FieldError>
              </li>
            );
          })}
        </ul>
      ) : null}
      <FieldError>{listError}</FieldError>
      <Button
        variant="secondary"
        size="sm"
        disabled={fields.length >= max}
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- RHF cannot infer the row type of a generic field array
        onClick={() => append({ key: '', value: '' } as any)}
      >
        <Plus className="size-4" aria-hidden="true" />
        {fields.length >= max ? `Limit of ${max} reached` : `Add ${noun}`}
      </Button>
    </fieldset>
  );
}
