import type { HitlAttribute, HitlNotification, KnownDataType } from '@/lib/fin';
import { HITL_TOPIC } from '@/lib/fin';
import type { HitlAttributeDef, SimValue } from './procedure-types';
import type { Part } from './state';

export const identifierOf = (def: HitlAttributeDef) => `workflow_local_variables.${def.uuid}`;

export function toHitlAttribute(def: HitlAttributeDef): HitlAttribute {
  return {
    type: 'data_attribute',
    identifier: identifierOf(def),
    name: def.name,
    label: def.label,
    data_type: def.data_type,
    ...(def.data_type === 'list' ? { options: def.options ?? [] } : {}),
  };
}

/** The last 5 non-internal parts, as the notification's `recent_messages`. */
export function recentMessages(parts: Part[]) {
  return parts
    .filter((p) => p.part_type !== 'note')
    .slice(-5)
    .map((p) => ({ type: 'conversation_part', ...p }));
}

/** The Developer Hub `notification_event` envelope; `delivery_attempts` grows on retry. */
export function hitlEnvelope(item: HitlNotification, id: string, firstSentAt: number, attempt: number) {
  return {
    type: 'notification_event',
    topic: HITL_TOPIC,
    id,
    app_id: item.app_id,
    created_at: firstSentAt,
    delivery_attempts: attempt,
    first_sent_at: firstSentAt,
    data: { type: 'notification_event_data', item },
  };
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const EXPECTED: Record<KnownDataType, string> = {
  string: 'a string',
  integer: 'a whole number',
  decimal: 'a number',
  boolean: 'true or false',
  list: 'one of the option ids',
  datetime: 'an ISO 8601 date-time string or a Unix timestamp',
};

function valid(def: HitlAttributeDef, value: unknown): boolean {
  switch (def.data_type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'list':
      return typeof value === 'string' && (def.options ?? []).some((o) => o.id === value);
    case 'datetime':
      return (
        (typeof value === 'number' && Number.isInteger(value) && value >= 0) ||
        (typeof value === 'string' && ISO_DATETIME.test(value) && !Number.isNaN(Date.parse(value)))
      );
  }
}

export interface HitlValueIssue {
  field: string;
  message: string;
}

/**
 * Checks a collect_agent_input submission against the step's attributes: every attribute once,
 * no strangers, each value type-compatible. Returns the values by attribute key when valid.
 */
export function checkHitlValues(
  defs: HitlAttributeDef[],
  submitted: Array<{ identifier: string; value: unknown }>,
): { issues: HitlValueIssue[]; values: Record<string, SimValue> } {
  const issues: HitlValueIssue[] = [];
  const values: Record<string, SimValue> = {};
  const byIdentifier = new Map(defs.map((d) => [identifierOf(d), d]));
  const seen = new Set<string>();
  for (const { identifier, value } of submitted) {
    const def = byIdentifier.get(identifier);
    if (!def) {
      issues.push({
        field: identifier,
        message: `Attribute '${identifier}' is not collected by this HITL step`,
      });
      continue;
    }
    if (seen.has(identifier)) {
      issues.push({ field: identifier, message: `Attribute '${def.name}' was given more than once` });
      continue;
    }
    seen.add(identifier);
    if (!valid(def, value)) {
      const options =
        def.data_type === 'list'
          ? `: ${(def.options ?? []).map((o) => `${o.id} (${o.label})`).join(', ')}`
          : '';
      issues.push({
        field: identifier,
        message: `Value for attribute '${def.name}' must be ${EXPECTED[def.data_type]}${options}`,
      });
      continue;
    }
    values[def.key] = value as SimValue;
    if (def.data_type === 'list')
      values[`${def.key}_label`] = def.options?.find((o) => o.id === value)?.label ?? String(value);
  }
  for (const def of defs) {
    if (!seen.has(identifierOf(def)) && !issues.some((i) => i.field === identifierOf(def)))
      issues.push({ field: identifierOf(def), message: `A value is required for attribute '${def.name}'` });
  }
  return { issues, values };
}
