import type { AudienceRule, Condition, ProcedureDef, SimValue } from './schema';

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

export function needsInWords(condition: Condition): string {
  switch (condition.op) {
    case 'eq':
      return String(condition.value);
    case 'in':
      return `one of ${condition.values.map(String).join(', ')}`;
    case 'gte':
      return `${condition.value} or more`;
    case 'lt':
      return `less than ${condition.value}`;
  }
}

/** A procedure's audience rule as a sentence: "Everyone" or "plan_type is one of Starter, Pro and vip is true". */
export function audienceInWords(rule: AudienceRule): string {
  if (rule.length === 0) return 'Everyone';
  return rule.map((c) => `${c.attribute} is ${needsInWords(c)}`).join(' and ');
}

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

export interface AudienceVerdict {
  listed: boolean;
  reasons: string[];
}

/** The catalogue's rule (live, API trigger, audience) with its reasons: one rule for capabilities and "who sees it". */
export function audienceVerdict(
  proc: Pick<ProcedureDef, 'live' | 'api_trigger' | 'audience'>,
  attributes: Record<string, unknown>,
): AudienceVerdict {
  const reasons: string[] = [];
  if (!proc.live) reasons.push('not live');
  if (!proc.api_trigger) reasons.push('has no API trigger');
  for (const c of proc.audience) {
    const value = attributes[c.attribute];
    if (holds(c, value)) continue;
    const actual = value === undefined || value === null ? 'is not set' : `is ${shown(value)}`;
    reasons.push(`${c.attribute} ${actual}; needs ${needsInWords(c)}`);
  }
  return { listed: reasons.length === 0, reasons };
}
