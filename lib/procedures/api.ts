import { z } from 'zod';
import type { ProcedureDef } from './schema';

export const PROCEDURE_SOURCES = ['builtin', 'saved', 'edited'] as const;
export type ProcedureSource = (typeof PROCEDURE_SOURCES)[number];

export type StoredProcedure = ProcedureDef & { source: ProcedureSource };

// Definitions are checked on the way in; answers are taken as the simulator's own.
export const storedProcedureSchema = z
  .looseObject({ id: z.string(), source: z.enum(PROCEDURE_SOURCES) })
  .transform((p) => p as unknown as StoredProcedure);

export const procedureAnswerSchema = z.object({ procedure: storedProcedureSchema });
export const procedureListAnswerSchema = z.object({ procedures: z.array(storedProcedureSchema) });

export type ProcedureList =
  { managedBy: 'simulator'; procedures: StoredProcedure[] } | { managedBy: 'intercom'; procedures: [] };

export const audienceRequestSchema = z.strictObject({
  attributes: z
    .record(z.string().min(1).max(200), z.union([z.string().max(1_000), z.number(), z.boolean()]))
    .refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes'),
});
export type AudienceRequest = z.infer<typeof audienceRequestSchema>;

export const audienceAnswerSchema = z.object({
  procedures: z.array(
    z.object({ id: z.string(), name: z.string(), listed: z.boolean(), reasons: z.array(z.string()) }),
  ),
});
export type AudienceAnswer = z.infer<typeof audienceAnswerSchema>;
