import { createHmac } from 'node:crypto';
import type { FinEvent } from '@/lib/fin';
import type { Faults } from './faults';
import type { Pace, TimerSet } from './timers';

export const APP_USER_AGENT = 'intercom-parrot-service-client/1.0';
const DELIVERY_TIMEOUT_MS = 5_000;
const LOG_LIMIT = 500;

export const signFin = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
export const signApp = (secret: string, body: string) =>
  `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;

interface Delivery {
  /** Deliveries with the same key (conversation) are sent in order. */
  key: string;
  label: string;
  build(attempt: number): { body: string; headers: Record<string, string> };
}

export interface DeliveryRecord {
  label: string;
  attempt: number;
  status: number | null;
  ok: boolean;
  error?: string;
  at: string;
}

export interface WebhookOptions {
  url: string | undefined;
  appSecret: string;
  finSecret: string;
  pace: Pace;
  timers: TimerSet;
  faults: () => Faults;
  log?: (line: string) => void;
}

/**
 * Posts Fin events (bare JSON, sha256-signed) and app notifications (sha1-signed envelope) to the
 * webhook URL. Delivery never blocks a run; a failure is retried once after `pace.webhookRetryMs`.
 */
export class WebhookSender {
  readonly deliveries: DeliveryRecord[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly batches = new Map<string, Delivery[]>();
  private abort = new AbortController();

  constructor(private readonly opts: WebhookOptions) {}

  sendFin(key: string, event: FinEvent, cycleFaults: Faults = {}) {
    const body = JSON.stringify(event);
    this.enqueue(
      {
        key,
        label:
          event.event_name === 'fin_status_updated'
            ? `${event.event_name}:${event.status}`
            : event.event_name,
        build: () => ({
          body,
          headers: { 'x-fin-agent-api-webhook-signature': signFin(this.opts.finSecret, body) },
        }),
      },
      cycleFaults,
    );
  }

  sendApp(key: string, label: string, envelope: (attempt: number) => unknown) {
    this.enqueue(
      {
        key,
        label,
        build: (attempt) => {
          const body = JSON.stringify(envelope(attempt));
          return {
            body,
            headers: { 'x-hub-signature': signApp(this.opts.appSecret, body), 'user-agent': APP_USER_AGENT },
          };
        },
      },
      {},
    );
  }

  /** Drops queued work and aborts requests in flight (reset / close). */
  stop() {
    this.abort.abort();
    this.abort = new AbortController();
    this.chains.clear();
    this.batches.clear();
    this.deliveries.length = 0;
  }

  private enqueue(d: Delivery, cycleFaults: Faults) {
    if (!this.opts.url) return;
    const faults = { ...this.opts.faults(), ...cycleFaults };
    const copies = faults.duplicate_webhooks ? [d, d] : [d];
    if (!faults.reorder_webhooks) {
      for (const c of copies) this.chain(c.key, () => this.attempt(c, 1));
      return;
    }
    const batch = this.batches.get(d.key);
    if (batch) {
      batch.push(...copies);
      return;
    }
    this.batches.set(d.key, [...copies]);
    this.opts.timers.after(this.opts.pace.reorderWindowMs(), () => {
      const held = this.batches.get(d.key) ?? [];
      this.batches.delete(d.key);
      for (const c of held.reverse()) this.chain(c.key, () => this.attempt(c, 1));
    });
  }

  private chain(key: string, job: () => Promise<void>) {
    const next = (this.chains.get(key) ?? Promise.resolve()).then(job);
    this.chains.set(key, next);
  }

  private async attempt(d: Delivery, attempt: number): Promise<void> {
    const url = this.opts.url;
    if (!url) return;
    const signal = this.abort.signal;
    const { body, headers } = d.build(attempt);
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
        signal: AbortSignal.any([signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (signal.aborted) return;
    const ok = status !== null && status >= 200 && status < 300;
    this.deliveries.push({
      label: d.label,
      attempt,
      status,
      ok,
      ...(error ? { error } : {}),
      at: new Date().toISOString(),
    });
    if (this.deliveries.length > LOG_LIMIT) this.deliveries.shift();
    if (ok || attempt > 1) {
      if (!ok) this.opts.log?.(`webhook ${d.label} failed after retry (${status ?? error})`);
      return;
    }
    this.opts.timers.after(this.opts.pace.webhookRetryMs, () =>
      this.chain(d.key, () => this.attempt(d, attempt + 1)),
    );
  }
}
