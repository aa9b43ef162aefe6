import { z } from 'zod';

/** `POST /auth/eagle/token` answer. Intercom sends the same value as `token` and `access_token`. */
export const oauthTokenResponseSchema = z
  .object({
    token_type: z.string().optional(),
    token: z.string().optional(),
    access_token: z.string().optional(),
  })
  .refine((b) => Boolean(b.access_token ?? b.token), { error: 'no token in the answer' });

export const meResponseSchema = z.looseObject({
  type: z.string(),
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string().nullish(),
  email: z.string().nullish(),
  app: z
    .looseObject({
      id_code: z.string(),
      name: z.string().nullish(),
      region: z.string().nullish(),
    })
    .nullish(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;
