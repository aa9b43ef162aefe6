import { collectAgentInputRequestSchema, errorList, MESSAGES, zodErrorList } from '@/lib/fin';
import type { SimContext } from './context';
import { checkHitlValues } from './hitl';
import { fail, HttpError, type Call, type Reply } from './http';
import { uuid } from './ids';
import { unknownTypeIdentifiers } from './variants';

/** POST /procedures/{conversation_id}/collect_agent_input, keyed by the Intercom conversation id. */
export async function collectAgentInput(ctx: SimContext, call: Call): Promise<Reply> {
  if (call.faults.hitl_forbidden || ctx.faults.get().hitl_forbidden)
    fail(403, 'forbidden', MESSAGES.hitlForbidden);
  const parsed = collectAgentInputRequestSchema.safeParse(call.body);
  if (!parsed.success) throw new HttpError(400, zodErrorList(parsed.error, uuid()));
  const body = parsed.data;
  const conv = ctx.store.byIntercomId.get(call.params.conversation_id ?? '');
  const req = conv?.hitl.get(body.step_id);
  if (!conv || !req) fail(404, 'not_found', MESSAGES.resourceNotFound);
  if (req.state === 'pending' && req.expiresAtMs !== null && req.expiresAtMs <= ctx.clock.now())
    ctx.engine.expireHitl(conv, req);
  if (req.state === 'expired') fail(404, 'not_found', MESSAGES.hitlExpired);
  if (req.state === 'cancelled') fail(404, 'not_found', MESSAGES.resourceNotFound);
  if (req.state === 'fulfilled') fail(409, 'conflict', MESSAGES.hitlFulfilled);
  const step = conv.procedure?.steps.find((s) => s.id === req.procedureStepId);
  if (step?.kind !== 'hitl') fail(404, 'not_found', MESSAGES.resourceNotFound);
  const unknownTypes = unknownTypeIdentifiers(req.item);
  const { issues, values } = checkHitlValues(
    step.attributes,
    body.attribute_values.filter((v) => !unknownTypes.has(v.identifier)),
  );
  if (issues.length) {
    const errors = issues.map((issue) => ({
      code: 'parameter_invalid',
      message: issue.message,
      field: issue.field,
    }));
    return { status: 400, body: errorList(errors, uuid()) };
  }
  ctx.engine.submitHitl(conv, req, values);
  return { status: 200, body: {} };
}
