/**
 * What-if forks (`/api/conversations/:id/forks`): a finished run replayed on the simulator with
 * another answer to one of its HITL steps. Paths and answer shapes, shared by routes and browser.
 */
import { z } from 'zod';
import { attributeValueSchema } from '@/lib/fin';

export const forksPath = (conversationId: string) =>
  `/api/conversations/${encodeURIComponent(conversationId)}/forks`;

/** The page comparing a run with one of its forks. */
export const comparePath = (conversationId: string, forkId: string) =>
  `/conversations/${encodeURIComponent(conversationId)}/compare/${encodeURIComponent(forkId)}`;

/** A step answers at most this many attributes; the same bound as a scenario's HITL answers. */
const MAX_VALUES = 50;

export const forkBodySchema = z.strictObject({
  step_id: z.string().min(1).max(255),
  values: z
    .array(z.strictObject({ identifier: z.string().min(1).max(255), value: attributeValueSchema }))
    .max(MAX_VALUES),
});
export type ForkBody = z.infer<typeof forkBodySchema>;

export const forkStatusSchema = z.enum(['running', 'finished', 'error']);

export const forkSchema = z.object({
  conversation_id: z.string(),
  source_id: z.string(),
  step_id: z.string(),
  /** The question of the step answered differently, for headings. */
  question: z.string(),
  values: z.array(z.object({ identifier: z.string(), value: attributeValueSchema })),
  created_by: z.string(),
  created_at: z.string(),
  status: forkStatusSchema,
  /** Why the replay stopped early (a later step had no answer, a timeout), else null. */
  reason: z.string().nullable(),
});
export type Fork = z.infer<typeof forkSchema>;

export const forkListSchema = z.object({
  forks: z.array(forkSchema),
  /** Whether this console can fork (its Fin API is the built-in simulator). */
  available: z.boolean(),
});
export type ForkList = z.infer<typeof forkListSchema>;

export const forkStartedSchema = z.object({ conversation_id: z.string() });
export type ForkStarted = z.infer<typeof forkStartedSchema>;
