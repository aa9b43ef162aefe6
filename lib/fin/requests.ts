import { z } from 'zod';
import {
  attachmentsSchema,
  attributesSchema,
  conversationMetadataSchema,
  csatRatingSchema,
  finMessageSchema,
  finSettingsSchema,
  finUserSchema,
} from './common';
import { LIMITS, MESSAGES } from './limits';

const conversationId = (message: string) => z.string({ error: message }).trim().min(1, { error: message });

export const capabilitiesRequestSchema = z.looseObject({ user: finUserSchema });
export type CapabilitiesRequest = z.infer<typeof capabilitiesRequestSchema>;

const messageTurn = (idMessage: string) => ({
  conversation_id: conversationId(idMessage),
  message: finMessageSchema,
  user: finUserSchema,
  attachments: attachmentsSchema.optional(),
});

export const askRequestSchema = z.looseObject({
  ...messageTurn(MESSAGES.externalConversationIdRequired),
  conversation_metadata: conversationMetadataSchema.optional(),
});
export type AskRequest = z.infer<typeof askRequestSchema>;

export const replyRequestSchema = z.looseObject({
  ...messageTurn(MESSAGES.conversationIdRequired),
  settings: finSettingsSchema.optional(),
});
export type ReplyRequest = z.infer<typeof replyRequestSchema>;

export const startRequestSchema = replyRequestSchema.extend({
  conversation_metadata: conversationMetadataSchema.optional(),
});
export type StartRequest = z.infer<typeof startRequestSchema>;

export const runProcedureRequestSchema = z.looseObject({
  conversation_id: conversationId(MESSAGES.conversationIdRequired),
  user: finUserSchema,
  message: finMessageSchema.optional(),
  /** The run endpoint accepts attributes only, no history. */
  conversation_metadata: z.looseObject({ attributes: attributesSchema.optional() }).optional(),
  settings: z.looseObject({ email: z.boolean().optional() }).optional(),
});
export type RunProcedureRequest = z.infer<typeof runProcedureRequestSchema>;

const longText = (what: string) =>
  z.string().max(LIMITS.escalateText, {
    error: `${what} cannot be longer than ${LIMITS.escalateText} characters`,
  });

export const escalateRequestSchema = z
  .looseObject({
    conversation_id: z.string().trim().min(1).optional(),
    user: finUserSchema.optional(),
    message: longText('message').optional(),
    context: longText('context').optional(),
  })
  .refine((b) => (b.conversation_id === undefined) !== (b.user === undefined), {
    error: MESSAGES.escalateNeedsTarget,
  });
export type EscalateRequest = z.infer<typeof escalateRequestSchema>;

export const csatRequestSchema = z.looseObject({
  conversation_id: conversationId(MESSAGES.conversationIdRequired),
  rating: csatRatingSchema,
  remark: z.string().optional(),
});
export type CsatRequest = z.infer<typeof csatRequestSchema>;

export const attributeValueSchema = z.json();
export type AttributeValue = z.infer<typeof attributeValueSchema>;

export const collectAgentInputRequestSchema = z.looseObject({
  step_id: z.string({ error: 'step_id is required' }).min(1, { error: 'step_id is required' }),
  attribute_values: z.array(
    z.object({
      identifier: z.string({ error: 'identifier is required' }).min(1),
      value: attributeValueSchema,
    }),
    { error: 'attribute_values is required' },
  ),
});
export type CollectAgentInputRequest = z.infer<typeof collectAgentInputRequestSchema>;
