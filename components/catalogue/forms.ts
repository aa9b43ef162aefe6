import * as z from 'zod/mini';
import { LIMITS, MESSAGES } from '@/lib/fin/limits';
import { keyValueRowsSchema } from '@/components/ui/key-value-schema';

const email = z.email();
const optionalEmail = z.string().check(
  z.trim(),
  z.refine((v) => v === '' || email.safeParse(v).success, {
    error: 'Enter a valid email address, or leave it empty',
  }),
);

/** Trimmed text that must not be empty. */
const required = (error: string) => z.string().check(z.trim(), z.minLength(1, { error }));

export const attributeRows = () => keyValueRowsSchema(LIMITS.attributes, MESSAGES.tooManyAttributes);

/** The end user picker: an id, optional name and email, up to 10 attributes. */
export const endUserFormSchema = z.object({
  id: required(MESSAGES.userIdRequired),
  name: z.string().check(z.trim()),
  email: optionalEmail,
  attributes: attributeRows(),
});
export type EndUserFormInput = z.input<typeof endUserFormSchema>;
export type EndUserFormOutput = z.output<typeof endUserFormSchema>;

export { fromFinUser, toFinUser } from './end-user-values';

/** Run a procedure: conversation id, optional trigger message, conversation attributes, email. */
export const runFormSchema = z.object({
  procedure_id: required('Enter the procedure id'),
  conversation_id: required(MESSAGES.conversationIdRequired),
  message: z.string(),
  attributes: attributeRows(),
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
  attributes: attributeRows(),
});
export type AskFormInput = z.input<typeof askFormSchema>;
export type AskFormOutput = z.output<typeof askFormSchema>;
