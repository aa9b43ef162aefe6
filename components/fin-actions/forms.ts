import * as z from 'zod/mini';
import { attributeRowsSchema } from '@/components/ui/key-value-schema';
import { LIMITS, MESSAGES } from '@/lib/fin/limits';

/** Trimmed text that must not be empty. */
const required = (error: string) => z.string().check(z.trim(), z.minLength(1, { error }));

/** Run a procedure: conversation id, optional trigger message, conversation attributes, email. */
export const runFormSchema = z.object({
  procedure_id: required('Enter the procedure id'),
  conversation_id: required(MESSAGES.conversationIdRequired),
  message: z.string(),
  attributes: attributeRowsSchema(),
  email: z.boolean(),
});
export type RunFormInput = z.input<typeof runFormSchema>;
export type RunFormOutput = z.output<typeof runFormSchema>;

/** Ask Fin: one question, up to 10 earlier messages as history, conversation attributes. */
export const askFormSchema = z.object({
  conversation_id: required(MESSAGES.externalConversationIdRequired),
  message: required('Write the question for Fin'),
  history: z.array(z.object({ author: z.enum(['user', 'agent']), body: z.string() })).check(
    z.superRefine((rows, ctx) => {
      rows.forEach((r, i) => {
        if (!r.body.trim())
          ctx.addIssue({ code: 'custom', message: 'Write the message or remove the row', path: [i, 'body'] });
      });
    }),
    z.refine((rows) => rows.length <= LIMITS.history, { error: MESSAGES.historyTooLong }),
  ),
  attributes: attributeRowsSchema(),
});
export type AskFormInput = z.input<typeof askFormSchema>;
export type AskFormOutput = z.output<typeof askFormSchema>;

/** The user's reply: text, attachments by URL, and the two reply settings. */
export const replyFormSchema = z.object({
  conversation_id: required(MESSAGES.conversationIdRequired),
  message: required('Write the user’s reply'),
  attachments: z
    .array(
      z.object({
        url: z.pipe(
          z.string().check(z.trim()),
          z.url({ error: 'Enter a full URL, e.g. https://example.com/receipt.pdf' }),
        ),
      }),
    )
    .check(z.maxLength(LIMITS.attachments, { error: `At most ${LIMITS.attachments} attachments` })),
  follow_up_questions: z.boolean(),
  email: z.boolean(),
});
export type ReplyFormInput = z.input<typeof replyFormSchema>;
export type ReplyFormOutput = z.output<typeof replyFormSchema>;

const longText = (what: string) =>
  z.string().check(
    z.maxLength(LIMITS.escalateText, {
      error: `${what} cannot be longer than ${LIMITS.escalateText.toLocaleString('en')} characters`,
    }),
  );

/** Escalate an existing conversation by id, or open a new one on the user's behalf. */
export const escalateFormSchema = z
  .object({
    target: z.enum(['conversation', 'user']),
    conversation_id: z.string().check(z.trim()),
    message: longText('The message'),
    context: longText('The note'),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.target === 'conversation' && !v.conversation_id)
        ctx.addIssue({
          code: 'custom',
          path: ['conversation_id'],
          message: 'Enter the conversation id to escalate',
        });
    }),
  );
export type EscalateFormInput = z.input<typeof escalateFormSchema>;
export type EscalateFormOutput = z.output<typeof escalateFormSchema>;
