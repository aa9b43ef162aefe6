/**
 * A finished (or running) conversation as the presenter replay plays it: `GET
 * /api/conversations/:id/replay`, and the share page's redacted copy. It carries no internal
 * ids (conversation, step, event keys) and no API calls; fields marked `personal()` hold the
 * end user's personal data, which a share page redacts by default.
 */
import { z } from 'zod';
import { attributeValueSchema, finStatusSchema, listOptionSchema } from '@/lib/fin';
import { NOTE_MAX_CHARS } from './replay-limits';
import { conversationKindSchema } from './types';

const PERSONAL = 'personal';

/** Marks a field as the end user's personal data (names, emails, attribute values, their own words). */
const personal = <T extends z.ZodType>(schema: T) => schema.describe(PERSONAL);

/** Whether a field of these schemas is marked personal (for redaction and its tests). */
export const isPersonal = (schema: z.ZodType) => schema.description === PERSONAL;

/** A note a lead wrote for one step; everyone watching the replay reads it. */
export const replayNoteSchema = z.object({
  seq: z.number().int().min(0),
  body: z.string().max(NOTE_MAX_CHARS),
  author: z.string(),
  updated_at: z.string(),
});
export type ReplayNote = z.infer<typeof replayNoteSchema>;

export const replayUserSchema = z.object({
  id: personal(z.string()),
  name: personal(z.string().nullable()),
  email: personal(z.string().nullable()),
  /** Attribute names stay readable; their values are personal. */
  attributes: personal(z.record(z.string(), z.unknown())),
});

const base = {
  /** The step's place in the conversation's log (0: the opening message); notes are keyed by it. */
  seq: z.number().int().min(0),
  /** When it happened (ISO 8601): the player's gaps come from these. */
  at: z.string(),
};

export const replayStepSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('user'),
    author: z.enum(['user', 'agent']),
    body: personal(z.string()),
  }),
  /** Fin's reply as sanitised-on-render HTML. */
  z.object({ ...base, kind: z.literal('fin'), html: z.string() }),
  z.object({ ...base, kind: z.literal('status'), status: z.string(), reason: z.string().nullable() }),
  /** A HITL decision; its form and answer are the `hitl` entry with the same seq. */
  z.object({ ...base, kind: z.literal('hitl'), question: z.string() }),
  /** A lead's escalation; the context is free text, often about the user. */
  z.object({ ...base, kind: z.literal('escalation'), context: personal(z.string().nullable()) }),
  z.object({ ...base, kind: z.literal('csat-requested') }),
  z.object({
    ...base,
    kind: z.literal('csat'),
    rating: z.string(),
    remark: personal(z.string().nullable()),
  }),
]);
export type ReplayStep = z.infer<typeof replayStepSchema>;

export const replayHitlAttributeSchema = z.object({
  name: z.string(),
  label: z.string(),
  data_type: z.string(),
  options: z.array(listOptionSchema).nullable(),
  /** The answer given for this attribute; null when none was recorded. */
  value: attributeValueSchema.nullable(),
});

export const replayHitlSchema = z.object({
  /** The `hitl` step this decision belongs to. */
  seq: z.number().int().min(0),
  procedure_name: z.string(),
  question: z.string(),
  attributes: z.array(replayHitlAttributeSchema),
  /** `answered`: a teammate's answer reached Fin; otherwise it was never answered here. */
  state: z.enum(['answered', 'pending', 'failed']),
  answered_by: z.string().nullable(),
  answered_at: z.string().nullable(),
});
export type ReplayHitl = z.infer<typeof replayHitlSchema>;

export const replayDataSchema = z.object({
  conversation: z.object({
    /** The procedure's name, or what kind of conversation it was. */
    title: z.string(),
    kind: conversationKindSchema,
    procedure_name: z.string().nullable(),
    status: finStatusSchema,
    started_at: z.string(),
    /** When it reached resolved / escalated / complete; null while it runs. */
    ended_at: z.string().nullable(),
    user: replayUserSchema,
  }),
  steps: z.array(replayStepSchema),
  hitl: z.array(replayHitlSchema),
  notes: z.array(replayNoteSchema),
});
export type ReplayData = z.infer<typeof replayDataSchema>;

/** `PUT /api/conversations/:id/notes/:seq`: an empty body deletes the note. */
export const noteBodySchema = z.strictObject({
  body: z
    .string()
    .trim()
    .max(NOTE_MAX_CHARS, { error: `A note is at most ${NOTE_MAX_CHARS} characters` }),
});

export const noteSeqSchema = z.coerce
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
