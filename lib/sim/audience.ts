import type { AudienceRule, Condition, SimValue } from './procedure-types';

export function holds(condition: Condition, value: unknown): boolean {
  switch (condition.op) {
    case 'eq':
      return value === condition.value;
    case 'in':
      return condition.values.includes(value as SimValue);
    case 'gte':
      return typeof value === 'number' && value >= condition.value;
    case 'lt':
      return typeof value === 'number' && value < condition.value;
  }
}

export function matchesAudience(rule: AudienceRule, attributes: Record<string, unknown>): boolean {
  return rule.every((c) => holds(c, attributes[c.attribute]));
}
