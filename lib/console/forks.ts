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

type ForkValue = ForkBody['values'][number];

/** A fork as listed: its conversation, the step answered differently and how the replay went. */
export interface Fork {
  conversation_id: string;
  source_id: string;
  step_id: string;
  /** The question of the step answered differently, for headings. */
  question: string;
  values: ForkValue[];
  created_by: string;
  created_at: string;
  status: 'running' | 'finished' | 'error';
  /** Why the replay stopped early (a later step had no answer, a timeout), else null. */
  reason: string | null;
}

export interface ForkList {
  forks: Fork[];
  /** Whether this console can fork (its Fin API is the built-in simulator). */
  available: boolean;
}

export interface ForkStarted {
  conversation_id: string;
}
