import 'server-only';
import type {
  CollectAgentInputRequest,
  HitlAttribute,
  ReceivedHitlNotification,
  RecentMessage,
} from '@/lib/fin';
import type { HitlLinkKind, HitlStep, LinkEvidence } from '@/lib/console/types';
import { iso, jsonParam, type Queryable } from '.';
import { inRounds, perStore } from './batch';

export const CLAIM_TTL_MS = 5 * 60_000;

export interface HitlStepRow {
  step_id: string;
  conversation_id: string;
  external_conversation_id: string | null;
  link_kind: HitlLinkKind | null;
  link_evidence: LinkEvidence[] | null;
  linked_by: string | null;
  procedure_name: string;
  hitl_question: string;
  attributes: HitlAttribute[];
  callback_url: string;
  expires_at: number | string | null;
  priority: HitlStep['priority'];
  assign_to: HitlStep['assign_to'];
  conversation_url: string | null;
  recent_messages: RecentMessage[];
  status: HitlStep['status'];
  claimed_by: string | null;
  claimed_by_id: string | null;
  claim_expires_at: Date | null;
  submitting_by: string | null;
  submitting_by_id: string | null;
  answered_by: string | null;
  answered_by_id: string | null;
  answered_at: Date | null;
  attribute_values: CollectAgentInputRequest['attribute_values'] | null;
  outcome: string | null;
  delivery_state: DeliveryState | null;
  delivery_error: string | null;
  delivery_by: string | null;
  delivery_by_id: string | null;
  received_at: Date;
  version: number;
}

/** How the last answer sent to Fin fared; 'unknown': Fin did not answer, so it may have it. */
export type DeliveryState = 'delivered' | 'unknown' | 'rejected' | 'undelivered';

export interface Delivery {
  state: DeliveryState;
  error: string | null;
  by: Teammate;
}

/** The browser's view; a lapsed claim reads as unclaimed for everyone. */
export function toHitlStep(r: HitlStepRow, now = Date.now()): HitlStep {
  const claimLive =
    r.claimed_by !== null && r.claim_expires_at !== null && r.claim_expires_at.getTime() > now;
  return {
    step_id: r.step_id,
    conversation_id: r.conversation_id,
    external_conversation_id: r.external_conversation_id,
    link: r.external_conversation_id === null ? null : r.link_kind,
    link_evidence: r.link_evidence ?? [],
    linked_by: r.linked_by,
    procedure_name: r.procedure_name,
    hitl_question: r.hitl_question,
    attributes: r.attributes,
    expires_at: r.expires_at === null ? null : Number(r.expires_at),
    priority: r.priority,
    assign_to: r.assign_to,
    conversation_url: r.conversation_url,
    recent_messages: r.recent_messages,
    status: r.status,
    claimed_by: claimLive ? r.claimed_by : null,
    claimed_by_id: claimLive ? r.claimed_by_id : null,
    claim_expires_at: claimLive ? iso(r.claim_expires_at) : null,
    answered_by: r.answered_by,
    answered_at: iso(r.answered_at),
    attribute_values: r.attribute_values,
    outcome: r.outcome,
    received_at: iso(r.received_at)!,
    version: r.version,
  };
}

export interface StepLink {
  conversationId: string | null;
  kind: HitlLinkKind | null;
  evidence: LinkEvidence[];
}

/** Inserts a step once (a redelivered webhook is a no-op); with a `refusal` it is stored `refused`. */
export async function insertStep(
  db: Queryable,
  n: ReceivedHitlNotification,
  link: StepLink,
  refusal: string | null = null,
): Promise<HitlStepRow | null> {
  const rows = await db.query<HitlStepRow>(
    `INSERT INTO hitl_steps (step_id, conversation_id, external_conversation_id, procedure_name, hitl_question,
       attributes, callback_url, expires_at, priority, assign_to, conversation_url, recent_messages,
       link_kind, link_evidence, status, outcome)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::jsonb, $11, $12::jsonb, $13, $14::jsonb,
       CASE WHEN $15::text IS NULL THEN 'pending' ELSE 'refused' END, $15)
     ON CONFLICT (step_id) DO NOTHING RETURNING *`,
    [
      n.step_id,
      n.conversation_id,
      link.conversationId,
      n.procedure_name,
      n.hitl_question,
      jsonParam(n.attributes_to_collect),
      n.callback_url,
      n.expires_at ?? null,
      n.priority ?? null,
      jsonParam(n.assign_to ?? null),
      n.conversation_url ?? null,
      jsonParam(n.recent_messages ?? []),
      link.kind,
      jsonParam(link.evidence),
      refusal,
    ],
  );
  return rows[0] ?? null;
}

export async function getStepRow(db: Queryable, stepId: string): Promise<HitlStepRow | null> {
  return (await db.query<HitlStepRow>('SELECT * FROM hitl_steps WHERE step_id = $1', [stepId]))[0] ?? null;
}

/** The steps a conversation's log names, by id (a replay reads its decisions). */
export async function getStepRows(db: Queryable, stepIds: readonly string[]): Promise<HitlStepRow[]> {
  if (stepIds.length === 0) return [];
  return db.query<HitlStepRow>('SELECT * FROM hitl_steps WHERE step_id = ANY($1::text[])', [[...stepIds]]);
}

export async function listStepRows(
  db: Queryable,
  filter?: 'pending' | 'answered' | 'failed',
): Promise<HitlStepRow[]> {
  const statuses = {
    pending: ['pending', 'submitting', 'refused'],
    answered: ['submitted'],
    failed: ['failed'],
  };
  return filter
    ? db.query<HitlStepRow>(
        'SELECT * FROM hitl_steps WHERE status = ANY($1::text[]) ORDER BY received_at DESC LIMIT 500',
        [`{${statuses[filter].join(',')}}`],
      )
    : db.query<HitlStepRow>('SELECT * FROM hitl_steps ORDER BY received_at DESC LIMIT 500');
}

/** An Intercom id named by Fin's answer is a fact: it replaces an inferred link (or none), never a lead's choice. */
export function linkSteps(db: Queryable, intercomId: string, externalId: string): Promise<HitlStepRow[]> {
  return writeLinks(db, { intercom: intercomId, external: externalId });
}

const writeLinks = perStore<{ intercom: string; external: string }, HitlStepRow[]>((db, items) =>
  inRounds(
    items,
    (x) => x.intercom,
    async (round) => {
      const rows = await db.query<HitlStepRow & { ord: number }>(
        `UPDATE hitl_steps h SET external_conversation_id = x.external, link_kind = 'intercom_id',
           link_evidence = jsonb_build_array(jsonb_build_object('kind', 'intercom_id', 'weight', 'for',
             'detail', 'Fin answered with Intercom conversation ' || x.intercom)),
           updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS x(intercom text, external text, ord int)
         WHERE h.conversation_id = ANY ($2::text[]) AND h.conversation_id = x.intercom
           AND (h.external_conversation_id IS NULL AND h.link_kind IS NULL OR h.link_kind = 'inferred')
         RETURNING h.*, x.ord`,
        // `= ANY` as well as the join: without it the planner scanned every step for each batch.
        [
          jsonParam(round.map(({ item, i }) => ({ ...item, ord: i }))),
          round.map(({ item }) => item.intercom),
        ],
      );
      const out = new Map<number, HitlStepRow[]>();
      for (const { ord, ...row } of rows) out.set(ord, [...(out.get(ord) ?? []), row]);
      return out;
    },
    [],
  ),
);

export interface Teammate {
  actor: string;
  actorId: string | null;
}

export function holdsClaim(row: Pick<HitlStepRow, 'claimed_by' | 'claimed_by_id'>, who: Teammate): boolean {
  return row.claimed_by_id !== null
    ? row.claimed_by_id === who.actorId
    : who.actorId === null && row.claimed_by === who.actor;
}

// The SQL twin of holdsClaim, with $2 the name and $3 the account id.
const HOLDS = `(claimed_by_id = $3 OR (claimed_by_id IS NULL AND $3::text IS NULL AND claimed_by = $2))`;

export async function claimStep(db: Queryable, stepId: string, who: Teammate): Promise<HitlStepRow | null> {
  const rows = await db.query<HitlStepRow>(
    `UPDATE hitl_steps SET claimed_by = $2, claimed_by_id = $3,
       claim_expires_at = now() + ($4 || ' milliseconds')::interval, updated_at = now()
     WHERE step_id = $1 AND status = 'pending'
       AND (claimed_by IS NULL OR claim_expires_at < now() OR ${HOLDS}) RETURNING *`,
    [stepId, who.actor, who.actorId, String(CLAIM_TTL_MS)],
  );
  return rows[0] ?? null;
}

export async function releaseStep(db: Queryable, stepId: string, who: Teammate): Promise<HitlStepRow | null> {
  const rows = await db.query<HitlStepRow>(
    `UPDATE hitl_steps SET claimed_by = NULL, claimed_by_id = NULL, claim_expires_at = NULL, updated_at = now()
     WHERE step_id = $1 AND (claimed_by IS NULL OR claim_expires_at < now() OR ${HOLDS}) RETURNING *`,
    [stepId, who.actor, who.actorId],
  );
  return rows[0] ?? null;
}

/** The one conditional UPDATE that decides who answers: exactly one caller wins, on any number of instances. */
export async function beginSubmit(db: Queryable, stepId: string, who: Teammate): Promise<HitlStepRow | null> {
  const rows = await db.query<HitlStepRow>(
    `UPDATE hitl_steps SET status = 'submitting', submitting_by = $2, submitting_by_id = $3, updated_at = now()
     WHERE step_id = $1 AND status = 'pending'
       AND (claimed_by IS NULL OR claim_expires_at < now() OR ${HOLDS}) RETURNING *`,
    [stepId, who.actor, who.actorId],
  );
  return rows[0] ?? null;
}

export async function finishSubmit(
  db: Queryable,
  stepId: string,
  result: {
    status: 'submitted' | 'failed' | 'pending';
    outcome: string | null;
    delivery: Delivery;
    answeredBy?: Teammate | null;
    values?: CollectAgentInputRequest['attribute_values'] | null;
  },
): Promise<HitlStepRow> {
  const rows = await db.query<HitlStepRow>(
    `UPDATE hitl_steps SET status = $2, outcome = $3, submitting_by = NULL, submitting_by_id = NULL,
       answered_by = CASE WHEN $2 = 'submitted' THEN $4 ELSE answered_by END,
       answered_by_id = CASE WHEN $2 = 'submitted' THEN $6 ELSE answered_by_id END,
       answered_at = CASE WHEN $2 = 'submitted' THEN now() ELSE answered_at END,
       attribute_values = COALESCE($5::jsonb, attribute_values),
       delivery_state = $7, delivery_error = $8, delivery_by = $9, delivery_by_id = $10,
       updated_at = now()
     WHERE step_id = $1 RETURNING *`,
    [
      stepId,
      result.status,
      result.outcome,
      result.answeredBy?.actor ?? null,
      jsonParam(result.values ?? null),
      result.answeredBy?.actorId ?? null,
      result.delivery.state,
      result.delivery.error,
      result.delivery.by.actor,
      result.delivery.by.actorId,
    ],
  );
  return rows[0]!;
}

export async function closePending(
  db: Queryable,
  stepId: string,
  status: 'failed' | 'refused',
  outcome: string,
): Promise<HitlStepRow | null> {
  const rows = await db.query<HitlStepRow>(
    `UPDATE hitl_steps SET status = $3, outcome = $2, updated_at = now()
     WHERE step_id = $1 AND status = 'pending' RETURNING *`,
    [stepId, outcome, status],
  );
  return rows[0] ?? null;
}
