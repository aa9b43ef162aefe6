import type { z } from 'zod';

export interface ContractIssue {
  path: string;
  expected: string;
  received: string;
}

const MAX_SHOWN = 60;

function describe(value: unknown, showValue: boolean): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (showValue && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
    const shown = JSON.stringify(value);
    return shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}…` : shown;
  }
  return typeof value;
}

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Array indices collapse to `[]`, so the same field of every item is one kind of drift. */
const pathText = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  ) || '(body)';

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return issue.values.map((v) => JSON.stringify(v)).join(' | ');
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options)
        ? (issue.options as unknown[]).map((v) => JSON.stringify(v)).join(' | ')
        : 'one of the documented shapes';
    case 'invalid_format':
      return issue.format;
    case 'too_big':
      return `${issue.origin} of at most ${String(issue.maximum)}`;
    case 'too_small':
      return `${issue.origin} of at least ${String(issue.minimum)}`;
    default:
      return issue.message;
  }
}

/** Never used to reject: Fin's answers are read leniently and what differs is recorded as drift. */
export function contractIssues(schema: z.ZodType, value: unknown): ContractIssue[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  const seen = new Set<string>();
  const out: ContractIssue[] = [];
  for (const issue of result.error.issues) {
    const showValue = issue.code === 'invalid_value' || issue.code === 'invalid_union';
    const found: ContractIssue = {
      path: pathText(issue.path),
      expected: expectedOf(issue),
      received: describe(at(value, issue.path), showValue),
    };
    const kind = `${found.path}\u0000${found.expected}\u0000${found.received}`;
    if (seen.has(kind)) continue;
    seen.add(kind);
    out.push(found);
  }
  return out;
}
