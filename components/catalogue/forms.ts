import * as z from 'zod/mini';
import { attributeRowsSchema } from '@/components/ui/key-value-schema';
import { MESSAGES } from '@/lib/fin/limits';

const email = z.email();
const optionalEmail = z.string().check(
  z.trim(),
  z.refine((v) => v === '' || email.safeParse(v).success, {
    error: 'Enter a valid email address, or leave it empty',
  }),
);

/** The end user picker: an id, optional name and email, up to 10 attributes. */
export const endUserFormSchema = z.object({
  id: z.string().check(z.trim(), z.minLength(1, { error: MESSAGES.userIdRequired })),
  name: z.string().check(z.trim()),
  email: optionalEmail,
  attributes: attributeRowsSchema(),
});
export type EndUserFormInput = z.input<typeof endUserFormSchema>;
export type EndUserFormOutput = z.output<typeof endUserFormSchema>;

export { fromFinUser, toFinUser } from './end-user-values';
