import type { CsatRating, FinEvent, HitlNotification } from '@/lib/fin';
import type { Faults } from './faults';
import type { ProcedureDef, SimValue } from './procedure-types';
import { SEED_USERS } from './seed-users';

export interface SimUser {
  id: string;
  name?: string;
  email?: string;
  attributes: Record<string, unknown>;
}

export interface Part {
  id: string;
  part_type: 'comment' | 'note';
  body: string;
  created_at: number;
  author: { type: 'user' | 'admin' | 'bot'; id: string; name: string | null; email: string | null };
}

export type ConversationKind = 'start' | 'ask' | 'procedure' | 'escalation';
export type Phase = 'working' | 'awaiting_user' | 'awaiting_agent' | 'complete' | 'escalated';

export interface Cycle {
  jti: string;
  conversationId: string;
  rewind: boolean;
  /** start/reply/run end at awaiting_user_reply or complete; ask and escalate only at complete. */
  endsOnAwaiting: boolean;
  expiresAtMs: number;
  closedSeq: number | null;
  revoked: boolean;
  faults: Faults;
  subscribed: Promise<void>;
  markSubscribed: () => void;
  /** Its sse_subscription_url, for the control API: tools that read Fin's own stream beside a client. */
  url: string;
}

export interface LoggedEvent {
  seq: number;
  atMs: number;
  event: FinEvent;
  closes: string | null;
}

export interface HitlRequest {
  stepId: string;
  procedureStepId: string;
  createdAtMs: number;
  expiresAtMs: number | null;
  state: 'pending' | 'fulfilled' | 'expired' | 'cancelled';
  item: HitlNotification;
  timer: NodeJS.Timeout | null;
}

export interface CsatState {
  requestedAtMs: number;
  rating?: CsatRating;
  remark?: string;
}

export type Pending =
  | { kind: 'user_reply'; stepId: string; store: string }
  | { kind: 'hitl'; stepId: string; requestId: string }
  | null;

export interface Conversation {
  /** The external id (or, for a user escalation, the Intercom id). */
  id: string;
  intercomId: string;
  userId: string;
  kind: ConversationKind;
  procedureId: string | null;
  /** The definition as it was when the run started: editing it later does not change a run. */
  procedure: ProcedureDef | null;
  phase: Phase;
  resolutionState: 'escalated' | 'resolved' | null;
  attributes: Record<string, unknown>;
  vars: Record<string, SimValue>;
  pending: Pending;
  hitl: Map<string, HitlRequest>;
  parts: Part[];
  events: LoggedEvent[];
  cycles: Map<string, Cycle>;
  latestCycle: Cycle | null;
  csat: CsatState | null;
  followUps: boolean;
  /** Scripts run one after another per conversation. */
  queue: Promise<void>;
  createdAtMs: number;
}

export class Store {
  readonly users = new Map<string, SimUser>();
  readonly conversations = new Map<string, Conversation>();
  /** By Intercom conversation id, including user escalations that have no external id. */
  readonly byIntercomId = new Map<string, Conversation>();

  constructor() {
    this.seedUsers();
  }

  /** Copies: upserts merge into stored users, and must not change the seed. */
  private seedUsers() {
    for (const u of SEED_USERS) this.users.set(u.id, structuredClone(u));
  }

  add(conv: Conversation, external: boolean) {
    if (external) this.conversations.set(conv.id, conv);
    this.byIntercomId.set(conv.intercomId, conv);
  }

  clear() {
    this.users.clear();
    this.conversations.clear();
    this.byIntercomId.clear();
    this.seedUsers();
  }
}
