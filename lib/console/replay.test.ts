import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isPersonal, replayDataSchema, replayStepSchema, replayUserSchema } from './replay';

/** Every field path of an object schema (one level of nesting), with whether it is marked personal. */
function marked(shape: Record<string, z.ZodType>, prefix = ''): string[] {
  return Object.entries(shape).flatMap(([name, field]) => (isPersonal(field) ? [`${prefix}${name}`] : []));
}

describe('the replay contract', () => {
  it('marks exactly the end user’s personal data for redaction', () => {
    expect(marked(replayUserSchema.shape, 'user.')).toEqual([
      'user.id',
      'user.name',
      'user.email',
      'user.attributes',
    ]);
    const steps = replayStepSchema.options.flatMap((o) => marked(o.shape, `${o.shape.kind.value}.`));
    expect(steps).toEqual(['user.body', 'escalation.context', 'csat.remark']);
    expect(marked(replayDataSchema.shape)).toEqual([]);
  });
});
