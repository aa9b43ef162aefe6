import 'server-only';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  contractIssues,
  errorList,
  HITL_TOPIC,
  hitlNotificationSchema,
  notificationEventSchema,
  readEventData,
  receivedHitlNotificationSchema,
  receivedNotificationEventSchema,
  SIGNATURE_HEADERS,
  type ReceivedHitlNotification,
} from '@/lib/fin';
import type { ConsoleContext } from './context';
import { fitsKey, MAX_KEY_BYTES } from './db';
import { insertStep, type HitlStepRow } from './db/hitl-steps';
import { deliveryProcessed, recordDelivery } from './db/records';
import { linkForNewStep } from './hitl-link';
import { log } from './log';
import { noteRejection } from './webhook-rejections';

type Algorithm = 'sha1' | 'sha256';

/** Checks a `sha1=`/`sha256=` HMAC over the raw body in constant time; a hex-looking secret is tried as text and as bytes (docs are unclear). */
export function verifySignature(
  rawBody: string,
  header: string | null,
  secret: string,
  algorithm: Algorithm,
): boolean {
  if (!header) return false;
  const hex = header.trim().replace(/^sha(1|256)=/i, '');
  if (!/^[0-9a-f]+$/i.test(hex)) return false;
  const given = Buffer.from(hex, 'hex');
  const keys: (string | Buffer)[] = [secret];
  if (/^[0-9a-f]+$/i.test(secret) && secret.length % 2 === 0) keys.push(Buffer.from(secret, 'hex'));
  return keys.some((key) => {
    const expected = createHmac(algorithm, key).update(rawBody, 'utf8').digest();
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** Which kind of webhook a request claims to be (by its signature header) and whether its signature holds. */
export function checkWebhookSignature(
  ctx: Pick<ConsoleContext, 'env'>,
  headers: Headers,
  rawBody: string,
): { kind: 'app' | 'fin' | null; ok: boolean } {
  const appSig = headers.get(SIGNATURE_HEADERS.app);
  const finSig = headers.get(SIGNATURE_HEADERS.fin);
  const kind = appSig !== null ? 'app' : finSig !== null ? 'fin' : null;
  const ok =
    kind === 'app'
      ? verifySignature(rawBody, appSig, ctx.env.clientSecret, 'sha1')
      : kind === 'fin'
        ? verifySignature(rawBody, finSig, ctx.env.finEventsWebhookSecret, 'sha256')
        : false;
  return { kind, ok };
}

export interface WebhookAnswer {
  status: number;
  body: unknown;
}

const unauthorized = (message: string): WebhookAnswer => ({
  status: 401,
  body: errorList([{ code: 'unauthorized', message }]),
});

/** Handles POST /api/webhooks/intercom: verifies the raw body's signature, stores the notification or Fin event once; no upstream calls. */
export async function ingestWebhook(
  ctx: ConsoleContext,
  headers: Headers,
  rawBody: string,
  ip = 'unknown',
): Promise<WebhookAnswer> {
  const { kind, ok } = checkWebhookSignature(ctx, headers, rawBody);
  if (!ok) {
    await noteRejection(ctx.db, kind ?? 'unsigned', {
      reason: kind ? 'signature does not match' : 'no signature header',
      ip,
      bytes: Buffer.byteLength(rawBody),
    });
    return unauthorized(kind ? 'Webhook signature does not match' : 'Webhook signature header is missing');
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return {
      status: 400,
      body: errorList([{ code: 'parameter_invalid', message: 'Webhook body is not JSON' }]),
    };
  }
  return kind === 'app' ? ingestAppWebhook(ctx, json, rawBody) : ingestFinEvent(ctx, rawBody);
}

const bodyId = (prefix: string, rawBody: string) =>
  `${prefix}${createHash('sha256').update(rawBody).digest('hex').slice(0, 40)}`;

/** An authenticated notification is answered 2xx unless unusable (a 4xx makes Intercom retry, then suspend): mismatches become drift. */
async function ingestAppWebhook(ctx: ConsoleContext, json: unknown, rawBody: string): Promise<WebhookAnswer> {
  const envelopeIssues = contractIssues(notificationEventSchema, json);
  if (envelopeIssues.length > 0) ctx.drift.note('webhook notification_event', envelopeIssues);
  const envelope = receivedNotificationEventSchema.parse(json);
  const topic = envelope.topic ?? null;
  // Retries repeat the body, so a notification without an id is deduplicated on its content.
  const id = envelope.id ?? bodyId('notif_', rawBody);
  if (await deliveryProcessed(ctx.db, id)) return { status: 200, body: { ok: true, duplicate: true } };

  if (topic === HITL_TOPIC) {
    const raw = envelope.data?.item;
    const itemIssues = contractIssues(hitlNotificationSchema, raw);
    if (itemIssues.length > 0) ctx.drift.note(`webhook ${HITL_TOPIC}`, itemIssues);
    const item = receivedHitlNotificationSchema.safeParse(raw);
    if (!item.success) {
      return {
        status: 400,
        body: errorList([
          {
            code: 'parameter_invalid',
            message:
              'HITL notification lacks what answering needs (step_id, conversation_id, callback_url, attributes_to_collect with identifiers)',
          },
        ]),
      };
    }
    // Checked before storing: a step kept while its delivery went unrecorded would be answered 400 yet sit in the inbox.
    if (![id, item.data.step_id, item.data.conversation_id].every(fitsKey)) {
      return {
        status: 400,
        body: errorList([
          {
            code: 'parameter_invalid',
            message: `An id in the notification is longer than ${MAX_KEY_BYTES} bytes`,
          },
        ]),
      };
    }
    await storeHitlStep(ctx, item.data);
  }
  await recordDelivery(ctx.db, { id, kind: 'app', topic, signatureOk: true, processed: true });
  return { status: 200, body: { ok: true } };
}

/** Creates the pending step once and notes it on its linked run; a step whose callback is not Fin's is kept refused, never called. */
async function storeHitlStep(ctx: ConsoleContext, n: ReceivedHitlNotification): Promise<void> {
  const link = await linkForNewStep(ctx, n);
  const external = link.conversationId;
  const refusal = ctx.fin.callbackProblem(n.callback_url, n.conversation_id);
  if (refusal) log.warn(`Refused the callback of HITL step ${n.step_id}: ${refusal}`);
  const row = await insertStep(ctx.db, n, link, refusal);
  if (!row) return;
  if (external) await notePendingStep(ctx, row, external);
  ctx.hub.publishHitl('created', row);
}

/** Adds the `console_hitl_pending` note once per step (keyed by step id); a refused step waits for no one here. */
export async function notePendingStep(
  ctx: ConsoleContext,
  row: HitlStepRow,
  conversationId: string,
): Promise<void> {
  if (row.status === 'refused') return;
  await ctx.hub.ingest(
    conversationId,
    {
      event_name: 'console_hitl_pending',
      step_id: row.step_id,
      hitl_question: row.hitl_question,
      created_at_ms: new Date().toISOString(),
    },
    'console',
    { key: `hitl_pending:${row.step_id}` },
  );
}

async function ingestFinEvent(ctx: ConsoleContext, rawBody: string): Promise<WebhookAnswer> {
  const { event, name, issues } = readEventData(rawBody);
  if (issues.length > 0) ctx.drift.note(`webhook ${name ?? '(no event_name)'}`, issues);
  const id = bodyId('fin_', rawBody);
  if (!event) {
    await recordDelivery(ctx.db, { id, kind: 'fin', topic: name, signatureOk: true, processed: false });
    log.warn('A signed Fin webhook names no conversation to file it under');
    return {
      status: 400,
      body: errorList([{ code: 'parameter_invalid', message: 'The event names no conversation_id' }]),
    };
  }
  const stored = await ctx.hub.ingest(event.conversation_id, event, 'webhook', {
    delivery: { id, kind: 'fin', topic: name ?? event.event_name, signatureOk: true, processed: true },
  });
  return { status: 200, body: { ok: true, duplicate: stored === null } };
}
