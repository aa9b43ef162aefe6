import type { ESCALATION_REASONS, KnownDataType, ListOption } from '@/lib/fin';

export type SimValue = string | number | boolean;

export type Condition =
  { op: 'eq'; value: SimValue } | { op: 'in'; values: SimValue[] } | { op: 'gte' | 'lt'; value: number };

/** All conditions must hold for the user's stored attributes. */
export type AudienceRule = Array<{ attribute: string } & Condition>;

export interface HitlAttributeDef {
  key: string;
  /** Stable uuid, sent as `workflow_local_variables.<uuid>`. */
  uuid: string;
  name: string;
  label: string;
  data_type: KnownDataType;
  options?: ListOption[];
}

export type EscalationReason = (typeof ESCALATION_REASONS)[number] | `Escalation rule: ${string}`;

export type Step =
  /** Fin says `html` ({{var}} placeholders are filled and escaped); `stream` sends chunks first. */
  | { id: string; kind: 'say'; html: string; stream?: boolean; next?: string }
  /** Fin asks, the cycle ends awaiting_user_reply, and the reply text is stored in `store`. */
  | { id: string; kind: 'ask_user'; question: string; store: string; next?: string }
  | {
      id: string;
      kind: 'hitl';
      question: string;
      attributes: HitlAttributeDef[];
      /** Seconds until the request expires; absent = no timeout. */
      expires_in_s?: number;
      /** Where the procedure goes when the request expires unanswered. */
      on_timeout?: string;
      priority: 'priority' | 'not_priority';
      assign_to: { type: 'team' | 'admin'; id: string; name: string } | null;
      next?: string;
    }
  | { id: string; kind: 'branch'; on: string; cases: Array<Condition & { goto: string }>; otherwise: string }
  | { id: string; kind: 'resolve' }
  | { id: string; kind: 'escalate'; reason: EscalationReason };

export interface ProcedureDef {
  id: string;
  name: string;
  description: string;
  live: boolean;
  api_trigger: boolean;
  /** Empty = everyone. */
  audience: AudienceRule;
  csat: boolean;
  steps: Step[];
}
