import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from '@/lib/client/api';

/**
 * Puts an API error's field messages (`errors[].field`) beside the form's own inputs, using
 * `fields` to translate API paths (`user.id`) into form paths (`id`). Returns what is left
 * for a message at the top of the form, or null when every message found a field.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: Record<string, Path<T>> | ((apiPath: string) => Path<T> | null),
): string | null {
  const find = typeof fields === 'function' ? fields : (apiPath: string) => fields[apiPath] ?? null;
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : 'Something went wrong.';
  const byField = error.fieldErrors;
  const unplaced: string[] = [];
  let placed = 0;
  for (const [apiPath, message] of Object.entries(byField)) {
    const target = find(apiPath) ?? find(apiPath.split('.').slice(0, -1).join('.'));
    if (target) {
      setError(target, { type: 'server', message });
      placed++;
    } else unplaced.push(message);
  }
  const general = (error.body?.errors ?? []).filter((e) => !e.field).map((e) => e.message ?? e.code);
  const rest = [...general, ...unplaced];
  if (rest.length) return rest.join(' · ');
  return placed ? null : error.message;
}
