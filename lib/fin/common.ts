import { z } from 'zod';
import { LIMITS, MESSAGES } from './limits';
import { CSAT_RATINGS, FIN_STATUSES } from './values';

const tooMany = (what: string, max: number) => `${what} cannot contain more than ${max} items`;

export const attributesSchema = z
  .record(z.string(), z.unknown())
  .refine((o) => Object.keys(o).length <= LIMITS.attributes, { error: MESSAGES.tooManyAttributes });

export const finUserSchema = z.looseObject(
  {
    id: z.string({ error: MESSAGES.userIdRequired }).min(1, { error: MESSAGES.userIdRequired }),
    name: z.string().optional(),
    email: z.email({ error: 'email is not a valid email address' }).optional(),
    attributes: attributesSchema.optional(),
  },
  // A request without a user has no user id either.
  { error: MESSAGES.userIdRequired },
);
export type FinUser = z.infer<typeof finUserSchema>;

export const messageAuthorSchema = z.enum(['user', 'agent', 'fin']);

export const finMessageSchema = z.looseObject({
  author: messageAuthorSchema,
  body: z.string({ error: 'message body is required' }),
  timestamp: z.iso.datetime({ offset: true, error: 'timestamp must be an ISO 8601 date-time' }).optional(),
});
export type FinMessage = z.infer<typeof finMessageSchema>;

export const finAttachmentSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('url'), url: z.url({ error: 'attachment url must be a valid URL' }) }),
  z.looseObject({
    type: z.literal('file'),
    name: z.string().min(1),
    content_type: z.string().min(1),
    data: z.base64({ error: 'attachment data must be base64' }),
  }),
]);

export const attachmentsSchema = z
  .array(finAttachmentSchema)
  .max(LIMITS.attachments, { error: tooMany('Attachments', LIMITS.attachments) });

export const conversationMetadataSchema = z.looseObject({
  history: z.array(finMessageSchema).max(LIMITS.history, { error: MESSAGES.historyTooLong }).optional(),
  attributes: attributesSchema.optional(),
});

export const finSettingsSchema = z.looseObject({
  follow_up_questions: z.boolean().optional(),
  email: z.boolean().optional(),
});

export const finStatusSchema = z.enum(FIN_STATUSES);
export type FinStatus = z.infer<typeof finStatusSchema>;

export const attributeErrorsSchema = z.object({
  user: z.object({ attributes: z.record(z.string(), z.string()).optional() }).optional(),
  conversation: z.object({ attributes: z.record(z.string(), z.string()).optional() }).optional(),
});
export type AttributeErrors = z.infer<typeof attributeErrorsSchema>;

/** The `error.list` body every Fin API error (except CSAT's 422) uses. */
export const errorListSchema = z.object({
  type: z.literal('error.list'),
  request_id: z.string().nullable().optional(),
  errors: z
    .array(
      z.object({
        code: z.string(),
        message: z.string().nullable().optional(),
        field: z.string().nullable().optional(),
      }),
    )
    .min(1),
});
export type ErrorList = z.infer<typeof errorListSchema>;

export const csatRatingSchema = z.enum(CSAT_RATINGS, {
  error: MESSAGES.csatInvalidRating,
});
export type CsatRating = z.infer<typeof csatRatingSchema>;
