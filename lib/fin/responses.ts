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
