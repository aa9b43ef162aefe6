import 'server-only';
import { z } from 'zod';
import { PATH_ID_PATTERN } from '@/lib/fin';
import {
  audienceAnswerSchema,
  procedureAnswerSchema,
  procedureListAnswerSchema,
  type AudienceAnswer,
  type AudienceRequest,
  type ProcedureList,
  type StoredProcedure,
} from '@/lib/procedures/api';
import { parseProcedureDraft, parseReplacement, type ParseResult } from '@/lib/procedures/schema';
import { auditActor, type Principal } from './auth/roles';
import type { ConsoleContext } from './context';
import { writeAudit } from './db/records';
import { ConsoleError } from './errors';
import { simControl, simControlAvailable } from './sim-control';

function assertManagedHere(ctx: ConsoleContext) {
  if (!simControlAvailable(ctx.env))
    throw new ConsoleError(
      'conflict',
      'Procedures are managed in Intercom; the console edits them only in demo mode, on the built-in simulator',
    );
}

function pathOf(id: string) {
  if (!PATH_ID_PATTERN.test(id)) throw new ConsoleError('not_found', `No procedure has the id "${id}"`);
  return `procedures/${encodeURIComponent(id)}`;
}

/** One error entry per issue, its `field` the dotted path, so an editor can mark the line. */
function checked<T>(result: ParseResult<T>): T {
  if (result.success) return result.data;
  const entries = result.issues.map((i) => ({
    code: 'parameter_invalid' as const,
    message: i.message,
    ...(i.path.length ? { field: i.path.join('.') } : {}),
  }));
  throw new ConsoleError('parameter_invalid', 'The procedure definition is not valid', entries);
}

const audit = (ctx: ConsoleContext, me: Principal, action: string, target: string, detail?: unknown) =>
  writeAudit(ctx.db, { ...auditActor(me), action: `procedure.${action}`, target, detail });

export async function listProcedures(ctx: ConsoleContext): Promise<ProcedureList> {
  if (!simControlAvailable(ctx.env)) return { managedBy: 'intercom', procedures: [] };
  const { procedures } = await simControl(ctx.env, 'GET', 'procedures', procedureListAnswerSchema);
  return { managedBy: 'simulator', procedures };
}

export async function readProcedure(
  ctx: ConsoleContext,
  id: string,
): Promise<{ procedure: StoredProcedure }> {
  assertManagedHere(ctx);
  return simControl(ctx.env, 'GET', pathOf(id), procedureAnswerSchema);
}

/** Checked here too before the simulator sees it; the simulator gives a new numeric id when none is set. */
export async function createProcedure(ctx: ConsoleContext, me: Principal, body: unknown): Promise<Response> {
  assertManagedHere(ctx);
  const def = checked(parseProcedureDraft(body));
  const { procedure } = await simControl(ctx.env, 'POST', 'procedures', procedureAnswerSchema, def);
  await audit(ctx, me, 'create', procedure.id, { name: procedure.name });
  return Response.json({ procedure }, { status: 201 });
}

/** Replaces a definition; a built-in becomes an edited one. The body's id, if any, must be the path's. */
export async function replaceProcedure(
  ctx: ConsoleContext,
  me: Principal,
  id: string,
  body: unknown,
): Promise<{ procedure: StoredProcedure }> {
  assertManagedHere(ctx);
  const path = pathOf(id);
  const def = checked(parseReplacement(id, body));
  const answer = await simControl(ctx.env, 'PUT', path, procedureAnswerSchema, def);
  await audit(ctx, me, 'update', id, { name: def.name, live: def.live });
  return answer;
}

const deleteAnswerSchema = z.object({ procedure: procedureAnswerSchema.shape.procedure.nullable() });

/** A saved procedure goes (null); an edited built-in comes back as built. A pure built-in stays (409). */
export async function deleteProcedure(
  ctx: ConsoleContext,
  me: Principal,
  id: string,
): Promise<{ procedure: StoredProcedure | null }> {
  assertManagedHere(ctx);
  const answer = await simControl(ctx.env, 'DELETE', pathOf(id), deleteAnswerSchema);
  await audit(ctx, me, answer.procedure ? 'restore' : 'delete', id);
  return answer;
}

export async function procedureAudience(ctx: ConsoleContext, body: AudienceRequest): Promise<AudienceAnswer> {
  assertManagedHere(ctx);
  return simControl(ctx.env, 'POST', 'audience', audienceAnswerSchema, body);
}
