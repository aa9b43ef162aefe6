import type { HitlStep } from '@/lib/console/types';
import type { ErrorList } from '@/lib/fin';

// Hand-written checks instead of the contract's zod schemas, so pages that only read data do not
// ship zod; the forms still validate with zod, loaded with them.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isOptString = (v: unknown) => v === undefined || v === null || typeof v === 'string';
const isNullableString = (v: unknown) => v === null || typeof v === 'string';

export function readErrorList(body: unknown): ErrorList | null {
  if (!isObject(body) || body.type !== 'error.list' || !isOptString(body.request_id)) return null;
  if (!Array.isArray(body.errors) || body.errors.length === 0) return null;
  const ok = body.errors.every(
    (e) => isObject(e) && typeof e.code === 'string' && isOptString(e.message) && isOptString(e.field),
  );
  return ok ? (body as ErrorList) : null;
}

const STATUSES = new Set(['pending', 'submitting', 'submitted', 'failed', 'refused']);

export function isHitlStep(v: unknown): v is HitlStep {
  return (
    isObject(v) &&
    typeof v.step_id === 'string' &&
    typeof v.conversation_id === 'string' &&
    isNullableString(v.external_conversation_id) &&
    typeof v.procedure_name === 'string' &&
    typeof v.hitl_question === 'string' &&
    Array.isArray(v.attributes) &&
    v.attributes.every(
      (a) =>
        isObject(a) &&
        typeof a.identifier === 'string' &&
        typeof a.label === 'string' &&
        typeof a.data_type === 'string',
    ) &&
    (v.expires_at === null || typeof v.expires_at === 'number') &&
    (v.priority === null || v.priority === 'priority' || v.priority === 'not_priority') &&
    (v.assign_to === null || isObject(v.assign_to)) &&
    Array.isArray(v.recent_messages) &&
    typeof v.status === 'string' &&
    STATUSES.has(v.status) &&
    isNullableString(v.claimed_by) &&
    isNullableString(v.claimed_by_id) &&
    isNullableString(v.claim_expires_at) &&
    isNullableString(v.answered_by) &&
    isNullableString(v.answered_at) &&
    (v.attribute_values === null || Array.isArray(v.attribute_values)) &&
    isNullableString(v.outcome) &&
    typeof v.received_at === 'string' &&
    Number.isInteger(v.version)
  );
}
