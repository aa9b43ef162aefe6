import { z } from 'zod';

/** Any other type is kept as-is and shown as free text: an unknown type must not crash the console. */
export const KNOWN_DATA_TYPES = ['string', 'integer', 'decimal', 'boolean', 'list', 'datetime'] as const;
export type KnownDataType = (typeof KNOWN_DATA_TYPES)[number];

export const listOptionSchema = z.object({ id: z.string(), label: z.string() });
export type ListOption = z.infer<typeof listOptionSchema>;

export const hitlAttributeSchema = z.object({
  type: z.literal('data_attribute').optional(),
  identifier: z.string().min(1),
  name: z.string(),
  label: z.string(),
  data_type: z.string(),
  options: z.array(listOptionSchema).nullable().optional(),
});
export type HitlAttribute = z.infer<typeof hitlAttributeSchema>;

export const recentMessageSchema = z.object({
  type: z.string().optional(),
  id: z.string(),
  part_type: z.string(),
  body: z.string().nullable(),
  created_at: z.number(),
  author: z.object({
    type: z.string(),
    id: z.string(),
    name: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
  }),
});
export type RecentMessage = z.infer<typeof recentMessageSchema>;

export const assigneeSchema = z.object({
  type: z.string(),
  id: z.string(),
  name: z.string().nullable().optional(),
});

export const hitlNotificationSchema = z.object({
  type: z.literal('procedure.hitl_notification'),
  app_id: z.string().optional(),
  conversation_id: z.string(),
  step_id: z.string().min(1),
  procedure_name: z.string(),
  hitl_question: z.string(),
  attributes_to_collect: z.array(hitlAttributeSchema),
  callback_url: z.url(),
  expires_at: z.number().int().nullable().optional(),
  priority: z.enum(['priority', 'not_priority']).optional(),
  assign_to: assigneeSchema.nullable().optional(),
  conversation_url: z.string().optional(),
  recent_messages: z.array(recentMessageSchema).optional(),
});
export type HitlNotification = z.infer<typeof hitlNotificationSchema>;

/** Beyond what answering needs, anything odd reads as empty and the step view shows the gap. */
const blank = z.string().catch('');
const textOrNull = z.string().nullish().catch(null);

const receivedListOptionSchema = z
  .object({ id: z.union([z.string(), z.number()]).transform(String), label: z.string().nullish() })
  .transform((o): ListOption => ({ id: o.id, label: o.label ?? o.id }));

/** Keeps the entries of a list that read as `item`, so one odd entry never loses the rest. */
const keepValid = <T extends z.ZodType>(item: T) =>
  z
    .array(z.unknown())
    .nullish()
    .catch(null)
    .transform((list) =>
      (list ?? []).flatMap((v) => {
        const parsed = item.safeParse(v);
        return parsed.success ? [parsed.data] : [];
      }),
    );

export const receivedHitlAttributeSchema = z.object({
  identifier: z.string().min(1),
  name: blank,
  label: blank,
  data_type: blank,
  options: keepValid(receivedListOptionSchema),
});

export const receivedHitlNotificationSchema = z.object({
  app_id: textOrNull,
  conversation_id: z.union([z.string().min(1), z.number().transform(String)]),
  step_id: z.string().min(1),
  procedure_name: blank,
  hitl_question: blank,
  attributes_to_collect: z.array(receivedHitlAttributeSchema),
  callback_url: z.url(),
  expires_at: z.number().int().nullish().catch(null),
  priority: z.enum(['priority', 'not_priority']).nullish().catch(null),
  assign_to: assigneeSchema.nullish().catch(null),
  conversation_url: textOrNull,
  recent_messages: keepValid(recentMessageSchema),
});
export type ReceivedHitlNotification = z.infer<typeof receivedHitlNotificationSchema>;

export const receivedNotificationEventSchema = z.object({
  id: z.string().min(1).optional().catch(undefined),
  topic: z.string().optional().catch(undefined),
  data: z.object({ item: z.unknown() }).optional().catch(undefined),
});

export const notificationEventSchema = z.object({
  type: z.literal('notification_event'),
  id: z.string().min(1),
  topic: z.string(),
  app_id: z.string().optional(),
  self: z.string().nullable().optional(),
  created_at: z.number(),
  delivery_attempts: z.number().optional(),
  first_sent_at: z.number().optional(),
  data: z.object({ type: z.literal('notification_event_data').optional(), item: z.unknown() }),
});

export const HITL_TOPIC = 'procedure.hitl_notification.created';

export const SIGNATURE_HEADERS = {
  app: 'x-hub-signature',
  fin: 'x-fin-agent-api-webhook-signature',
} as const;
