/**
 * What-if forks (`/api/conversations/:id/forks`): a finished run replayed on the simulator with
 * another answer to one of its HITL steps. Paths and answer shapes, shared by routes and
 * browser; zod-free so the browser's first load stays small (the body schema is the server's).
 */
import type { AttributeValue } from '@/lib/fin';

export const forksPath = (conversationId: string) =>
  `/api/conversations/${encodeURIComponent(conversationId)}/forks`;

/** The page comparing a run with one of its forks. */
export const comparePath = (conversationId: string, forkId: string) =>
  `/conversations/${encodeURIComponent(conversationId)}/compare/${encodeURIComponent(forkId)}`;

/** `POST …/forks`: the HITL step answered differently and its new values (checked as a submit is). */
export interface ForkBody {
  step_id: string;
  values: { identifier: string; value: AttributeValue }[];
}

/** A fork as listed: its conversation, the step answered differently and how the replay went. */
export interface Fork {
  conversation_id: string;
  source_id: string;
  step_id: string;
  /** The question of the step answered differently, for headings. */
  question: string;
  values: ForkBody['values'];
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
