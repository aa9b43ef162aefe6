import 'server-only';
import { z } from 'zod';
import {
  capabilitiesResponseSchema,
  collectAgentInputResponseSchema,
  conversationResponseSchema,
  csatResponseSchema,
  DEFAULT_INTERCOM_VERSION,
  escalateResponseSchema,
  meResponseSchema,
  oauthTokenResponseSchema,
  runProcedureResponseSchema,
  type AskRequest,
  type CapabilitiesRequest,
  type CollectAgentInputRequest,
  type CsatRequest,
  type EscalateRequest,
  type ReplyRequest,
  type RunProcedureRequest,
  type StartRequest,
} from '@/lib/fin';
import type { Credential } from './connection/token-source';
import type { ApiCallInput } from './db/records';
import { FinApiError, UpstreamError } from './errors';
import { HttpRequestError, httpRequestText } from './http-request';
import { redact, redactValue } from './log';

export interface FinClientOptions {
  baseUrl: string;
  /** Read on every attempt, so a token connected through OAuth takes effect at once. */
  token: string | ((kind: Credential) => string);
  /** Sent as `Intercom-Version` on every call (default Preview). */
  version?: string;
  timeoutMs: number;
  /** Where every attempt is written for the inspector; failures to record never fail a call. */
  record?: (call: ApiCallInput) => Promise<void>;
  /** Attempts for calls that are safe to repeat (default 3). */
  maxAttempts?: number;
  /** Base backoff between attempts (default 250 ms, doubled each time). */
  backoffMs?: number;
}

/**
 * What may be retried. A 429 means Fin did nothing, so it is always safe once Retry-After has
 * passed; a 5xx or a lost connection may have done the work, so only idempotent calls repeat.
 */
type RetryPolicy = 'idempotent' | 'once';

interface CallSpec<S extends z.ZodType> {
  method: 'GET' | 'POST';
  url: string;
  body: unknown;
  schema: S;
  retry: RetryPolicy;
  conversationId: string | null;
  /** Which configured bearer the call carries: the Fin Agent API key on `/fin/*`, the app token elsewhere. */
  credential: Credential;
  /** A bearer other than the configured one; null sends none. */
  token?: string | null;
  /** Send the body form-encoded (the OAuth token endpoint) instead of JSON. */
  form?: boolean;
  /** What the inspector keeps instead of the bodies, when they carry credentials. */
  recordAs?: { request: unknown; response: (body: unknown) => unknown };
}

const MAX_RETRY_AFTER_MS = 10_000;

function retryAfterMs(header: string | null, fallback: number): number {
  if (!header) return fallback;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Math.min(Math.max(Number.isFinite(ms) ? ms : fallback, 0), MAX_RETRY_AFTER_MS);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The only code that talks to the Fin Agent API: adds base URL, bearer token, version header
 * and a timeout to every call, retries only what cannot duplicate work, parses answers with
 * the contract and records each attempt (never the token) for the inspector.
 */
export class FinClient {
  constructor(private readonly opts: FinClientOptions) {}

  capabilities(body: CapabilitiesRequest) {
    return this.call({
      method: 'POST',
      url: this.url('/fin/capabilities'),
      body,
      schema: capabilitiesResponseSchema,
      retry: 'idempotent',
      conversationId: null,
      credential: 'fin',
    });
  }

  ask(body: AskRequest) {
    return this.call({
      method: 'POST',
      url: this.url('/fin/ask'),
      body,
      schema: conversationResponseSchema,
      retry: 'once',
      conversationId: body.conversation_id,
      credential: 'fin',
    });
  }

  start(body: StartRequest) {
    return this.call({
      method: 'POST',
      url: this.url('/fin/start'),
      body,
      schema: conversationResponseSchema,
      retry: 'once',
      conversationId: body.conversation_id,
      credential: 'fin',
    });
  }

  reply(body: ReplyRequest) {
    return this.call({
      method: 'POST',
      url: this.url('/fin/reply'),
      body,
      schema: conversationResponseSchema,
      retry: 'once',
      conversationId: body.conversation_id,
      credential: 'fin',
    });
  }

  runProcedure(procedureId: string, body: RunProcedureRequest) {
    const url = this.url(`/fin/procedures/${encodeURIComponent(procedureId)}/run`);
    return this.call({
      method: 'POST',
      url,
      body,
      schema: runProcedureResponseSchema,
      retry: 'once',
      conversationId: body.conversation_id,
      credential: 'fin',
    });
  }

  escalate(body: EscalateRequest) {
    return this.call({
      method: 'POST',
      url: this.url('/fin/escalate'),
      body,
      schema: escalateResponseSchema,
      retry: 'once',
      conversationId: body.conversation_id ?? null,
      credential: 'fin',
    });
  }

  /** Documented idempotent: resubmitting the same rating is a no-op, so it may be retried. */
  csat(body: CsatRequest) {
    return this.call({
      method: 'POST',
      url: this.url('/fin/csat'),
      body,
      schema: csatResponseSchema,
      retry: 'idempotent',
      conversationId: body.conversation_id,
      credential: 'fin',
    });
  }

  /**
   * Sends the Fin Agent API key with a request Fin must refuse, to learn whether the key passes
   * without creating anything: a key that passes gets 400 for the missing user, one that does not gets 401.
   */
  probeFinKey() {
    return this.call({
      method: 'POST',
      url: this.url('/fin/capabilities'),
      body: {},
      schema: z.unknown(),
      retry: 'idempotent',
      conversationId: null,
      credential: 'fin',
    });
  }

  /** Posts HITL values to the absolute `callback_url` from the webhook (its regional host as given). */
  collectAgentInput(callbackUrl: string, body: CollectAgentInputRequest, conversationId: string | null) {
    return this.call({
      method: 'POST',
      url: callbackUrl,
      body,
      schema: collectAgentInputResponseSchema,
      retry: 'once',
      conversationId,
      credential: 'app',
    });
  }

  /** `GET /me`: who the token belongs to and its workspace; `token` checks one not yet in use. */
  me(token?: string) {
    return this.call({
      method: 'GET',
      url: this.url('/me'),
      body: undefined,
      schema: meResponseSchema,
      retry: 'idempotent',
      conversationId: null,
      credential: 'app',
      ...(token === undefined ? {} : { token }),
    });
  }

  /** Exchanges an OAuth code at `tokenUrl` (single use, so never repeated); code, secret and token are not recorded. */
  exchangeOAuthCode(tokenUrl: string, body: { code: string; client_id: string; client_secret: string }) {
    return this.call({
      method: 'POST',
      url: tokenUrl,
      body,
      schema: oauthTokenResponseSchema,
      retry: 'once',
      conversationId: null,
      credential: 'app',
      token: null,
      form: true,
      recordAs: {
        request: { code: '[redacted]', client_id: body.client_id, client_secret: '[redacted]' },
        response: (b) =>
          b && typeof b === 'object' && ('token' in b || 'access_token' in b)
            ? { ...b, token: '[redacted]', access_token: '[redacted]' }
            : b,
      },
    });
  }

  private url(path: string) {
    return `${this.opts.baseUrl}${path}`;
  }

  private async call<S extends z.ZodType>(spec: CallSpec<S>): Promise<z.infer<S>> {
    const maxAttempts = this.opts.maxAttempts ?? 3;
    const backoff = this.opts.backoffMs ?? 250;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= maxAttempts;
      const wait = backoff * 2 ** (attempt - 1);
      const outcome = await this.attempt(spec);
      if (outcome.kind === 'network') {
        if (!last && spec.retry === 'idempotent') {
          await sleep(wait);
          continue;
        }
        throw new UpstreamError(`The Fin API could not be reached (${outcome.reason}).`);
      }
      const { res, body } = outcome;
      if (res.status >= 200 && res.status < 300) {
        const parsed = spec.schema.safeParse(body);
        if (!parsed.success)
          throw new UpstreamError('The Fin API sent an answer the console does not understand.');
        return parsed.data;
      }
      if (!last && res.status === 429) {
        await sleep(retryAfterMs(res.retryAfter, wait));
        continue;
      }
      if (!last && res.status >= 500 && spec.retry === 'idempotent') {
        await sleep(wait);
        continue;
      }
      throw new FinApiError(res.status, body);
    }
  }

  private async attempt(
    spec: CallSpec<z.ZodType>,
  ): Promise<
    | { kind: 'answer'; res: { status: number; retryAfter: string | null }; body: unknown }
    | { kind: 'network'; reason: string }
  > {
    const started = performance.now();
    let status: number | null = null;
    let body: unknown = null;
    try {
      const token =
        spec.token !== undefined
          ? spec.token
          : typeof this.opts.token === 'function'
            ? this.opts.token(spec.credential)
            : this.opts.token;
      const answer = await httpRequestText(spec.url, {
        method: spec.method,
        headers: {
          ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
          'Intercom-Version': this.opts.version ?? DEFAULT_INTERCOM_VERSION,
          ...(spec.body === undefined
            ? {}
            : { 'Content-Type': spec.form ? 'application/x-www-form-urlencoded' : 'application/json' }),
          Accept: 'application/json',
        },
        ...(spec.body === undefined
          ? {}
          : {
              body: spec.form
                ? new URLSearchParams(spec.body as Record<string, string>).toString()
                : JSON.stringify(spec.body),
            }),
        timeoutMs: this.opts.timeoutMs,
      });
      status = answer.status;
      const text = answer.text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      const retryAfter = answer.headers['retry-after'];
      return {
        kind: 'answer',
        res: { status, retryAfter: (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) ?? null },
        body,
      };
    } catch (error) {
      const reason =
        error instanceof HttpRequestError && error.reason === 'timeout'
          ? `no answer within ${this.opts.timeoutMs} ms`
          : 'connection failed';
      body = { error: reason };
      return { kind: 'network', reason };
    } finally {
      // Built inside the promise chain: even a record that cannot be built never fails the call.
      const duration_ms = performance.now() - started;
      await Promise.resolve()
        .then(() =>
          this.opts.record?.({
            conversation_id: spec.conversationId,
            method: spec.method,
            url: redact(spec.url),
            request_body: redactValue(spec.recordAs ? spec.recordAs.request : (spec.body ?? null)),
            status,
            response_body: redactValue(spec.recordAs ? spec.recordAs.response(body) : body),
            duration_ms,
          }),
        )
        .catch(() => undefined);
    }
  }
}
