import { z } from 'zod';
import { attributeErrorsSchema, csatRatingSchema, finStatusSchema } from './common';

export const capabilitySchema = z.object({
  type: z.string(),
  id: z.string().optional(),
  name: z.string().optional(),
  description: z.string(),
  endpoint: z.string(),
  method: z.string(),
});
export type Capability = z.infer<typeof capabilitySchema>;

export const capabilitiesResponseSchema = z.object({
  version: z.string(),
  capabilities: z.array(capabilitySchema),
});
export type CapabilitiesResponse = z.infer<typeof capabilitiesResponseSchema>;

/** The answer of start / ask / reply / run. `intercom_conversation_id` is optional (not on every version). */
export const conversationResponseSchema = z.object({
  conversation_id: z.string(),
  user_id: z.string(),
  status: finStatusSchema,
  created_at_ms: z.string(),
  sse_subscription_url: z.string().optional(),
  errors: attributeErrorsSchema.optional(),
  intercom_conversation_id: z.string().optional(),
});
export type ConversationResponse = z.infer<typeof conversationResponseSchema>;

export const runProcedureResponseSchema = conversationResponseSchema.extend({ procedure_id: z.string() });
export type RunProcedureResponse = z.infer<typeof runProcedureResponseSchema>;

export const escalateResponseSchema = z.object({
  conversation_id: z.string().optional(),
  intercom_conversation_id: z.string().optional(),
  sse_subscription_url: z.string().optional(),
  status: z.literal('escalated'),
});
export type EscalateResponse = z.infer<typeof escalateResponseSchema>;

export const csatResponseSchema = z.object({
  conversation_id: z.string(),
  rating: csatRatingSchema,
  status: z.literal('rated'),
});
export type CsatResponse = z.infer<typeof csatResponseSchema>;

export const collectAgentInputResponseSchema = z.object({});

// Lenient: a 2xx is never refused for its shape. The answer is passed on unchanged; the
// schemas above only say what drifted from the contract.
const maybe = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const maybeId = maybe(z.union([z.string().min(1), z.number().transform(String)]));

export const conversationAnswerSchema = z
  .object({
    conversation_id: maybeId,
    status: maybe(z.string()),
    created_at_ms: maybe(z.string()),
    sse_subscription_url: maybe(z.url()),
    errors: maybe(attributeErrorsSchema),
    intercom_conversation_id: maybeId,
    procedure_id: maybeId,
  })
  .catch({});
export type ConversationAnswer = z.infer<typeof conversationAnswerSchema>;

export const capabilitiesAnswerSchema = z
  .object({
    capabilities: maybe(
      z.array(z.unknown()).transform((list) =>
        list.flatMap((c) => {
          const parsed = z
            .object({ type: z.string(), id: maybe(z.string()), name: maybe(z.string()) })
            .safeParse(c);
          return parsed.success ? [parsed.data] : [];
        }),
      ),
    ),
  })
  .catch({});

export const csatAnswerSchema = z.object({ rating: maybe(z.string()) }).catch({});

/** `collect_agent_input`: any 2xx means the procedure resumes, whatever the body (documented `{}`). */
export const collectAgentInputAnswerSchema = z.unknown();
