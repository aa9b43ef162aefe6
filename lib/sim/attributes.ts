import type { AttributeErrors } from '@/lib/fin';

/** Intercom data attribute types, as named in its attribute error messages. */
export type AttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'date';

/** The workspace's defined attributes; anything else is reported, not stored. */
export const USER_ATTRIBUTES: Record<string, AttributeType> = {
  plan_type: 'string',
  subscription_status: 'string',
  vip: 'boolean',
  country: 'string',
  seats: 'integer',
  monthly_spend: 'float',
  company_name: 'string',
  signed_up_at: 'date',
};

export const CONVERSATION_ATTRIBUTES: Record<string, AttributeType> = {
  order_id: 'string',
  priority_level: 'string',
  department: 'string',
  order_total: 'float',
  item_count: 'integer',
  is_gift: 'boolean',
  channel: 'string',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function fits(type: AttributeType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return (
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)))
      );
  }
}

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export interface AttributeCheck {
  accepted: Record<string, unknown>;
  errors: Record<string, string>;
}

/** Splits supplied attributes into those the workspace accepts and per-name error messages. */
export function checkAttributes(
  scope: 'user' | 'conversation',
  supplied: Record<string, unknown> | undefined,
): AttributeCheck {
  const defined = scope === 'user' ? USER_ATTRIBUTES : CONVERSATION_ATTRIBUTES;
  const label = scope === 'user' ? 'User' : 'Conversation';
  const accepted: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(supplied ?? {})) {
    const type = defined[name];
    if (!type) errors[name] = `${label} attribute '${name}' does not exist`;
    else if (value !== null && !fits(type, value))
      errors[name] = `'${shown(value)}' is not a valid value for attribute '${name}' of type '${type}'`;
    else accepted[name] = value;
  }
  return { accepted, errors };
}

/** The optional `errors` member of an answer, omitted when everything was accepted. */
export function attributeErrors(
  user: Record<string, string>,
  conversation: Record<string, string>,
): AttributeErrors | undefined {
  const out: AttributeErrors = {};
  if (Object.keys(user).length) out.user = { attributes: user };
  if (Object.keys(conversation).length) out.conversation = { attributes: conversation };
  return out.user || out.conversation ? out : undefined;
}
