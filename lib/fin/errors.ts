import type { z } from 'zod';
import type { ErrorList } from './common';

export function errorList(
  errors: { code: string; message: string; field?: string }[],
  requestId: string | null = null,
): ErrorList {
  return { type: 'error.list', request_id: requestId, errors };
}

/** One entry per issue, each naming its field, so a form can show every message beside its input. */
export function zodErrorList(error: z.ZodError, requestId: string | null = null): ErrorList {
  const seen = new Set<string>();
  const errors = error.issues.flatMap((issue) => {
    const field = issue.path.map(String).join('.');
    const key = `${field}|${issue.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ code: 'parameter_invalid', message: issue.message, ...(field ? { field } : {}) }];
  });
  return errorList(errors, requestId);
}
