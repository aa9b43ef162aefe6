import 'server-only';
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  errorList,
  HITL_TOPIC,
  hitlNotificationSchema,
  notificationEventSchema,
  parseEventData,
  SIGNATURE_HEADERS,
  type HitlNotification,
} from '@/lib/fin';
import type { ConsoleContext } from './context';
import { fitsKey, MAX_KEY_BYTES } from './db';
import { insertStep, type HitlStepRow } from './db/hitl-steps';
import { deliveryProcessed, recordDelivery } from './db/records';
import { linkForNewStep } from './hitl-link';
import { log } from './log';

type Algorithm = 'sha1' | 'sha256';

/**
 * Checks an HMAC signature header (`sha1=<hex>` / `sha256=<hex>`, prefix optional) over the raw
 * body in constant time. The docs leave open whether a hex-looking secret is used as text or as
 * bytes, so both are accepted.
 */
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

/**
 * Everything a POST to /api/webhooks/intercom does: verify the signature of the raw body,
 * then store an app notification (HITL step) or a Fin event once. Kept fast: no upstream calls.
 */
export async function ingestWebhook(
  ctx: ConsoleContext,
  headers: Headers,
  rawBody: string,
): Promise<WebhookAnswer> {
  const { kind, ok } = checkWebhookSignature(ctx, headers, rawBody);
  if (!ok) {
    await recordDelivery(ctx.db, {
      id: `rejected_${randomUUID()}`,
      kind: kind ?? 'unsigned',
      topic: null,
      signatureOk: false,
      processed: false,
    });
    log.warn(`Rejected a webhook: ${kind ? 'signature does not match' : 'no signature header'}`);
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
  return kind === 'app' ? ingestAppWebhook(ctx, json) : ingestFinEvent(ctx, rawBody);
}

async function ingestAppWebhook(ctx: ConsoleContext, json: unknown): Promise<WebhookAnswer> {
  const envelope = notificationEventSchema.safeParse(json);
  if (!envelope.success) {
    return {
      status: 400,
      body: errorList([{ code: 'parameter_invalid', message: 'Not a notification_event envelope' }]),
    };
  }
  const { id, topic } = envelope.data;
  if (await deliveryProcessed(ctx.db, id)) return { status: 200, body: { ok: true, duplicate: true } };

  if (topic === HITL_TOPIC) {
    const item = hitlNotificationSchema.safeParse(envelope.data.data.item);
    if (!item.success) {
      return {
        status: 400,
        body: errorList([{ code: 'parameter_invalid', message: 'HITL notification item is malformed' }]),
      };
    }
    // Checked before anything is stored: a step kept while its delivery could not be recorded
    // would be answered 400 yet sit in the inbox.
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

/** Creates the pending step (once per step_id) and notes it on the run it is linked to, if any. */
async function storeHitlStep(ctx: ConsoleContext, n: HitlNotification): Promise<void> {
  const link = await linkForNewStep(ctx, n);
  const external = link.conversationId;
  const row = await insertStep(ctx.db, n, link);
  if (!row) return;
  if (external) await notePendingStep(ctx, row, external);
  ctx.hub.publishHitl('created', row);
}

/** Adds the `console_hitl_pending` note once per step (keyed by step id). */
export async function notePendingStep(
  ctx: ConsoleContext,
  row: HitlStepRow,
  conversationId: string,
): Promise<void> {
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
  const event = parseEventData(rawBody);
  const id = `fin_${createHash('sha256').update(rawBody).digest('hex').slice(0, 40)}`;
  if (!event) {
    await recordDelivery(ctx.db, { id, kind: 'fin', topic: null, signatureOk: true, processed: false });
    log.warn('A signed Fin webhook did not match any documented event shape');
    return {
      status: 400,
      body: errorList([{ code: 'parameter_invalid', message: 'Not a Fin Agent API event' }]),
    };
  }
  const stored = await ctx.hub.ingest(event.conversation_id, event, 'webhook', {
    delivery: { id, kind: 'fin', topic: event.event_name, signatureOk: true, processed: true },
  });
  return { status: 200, body: { ok: true, duplicate: stored === null } };
}
