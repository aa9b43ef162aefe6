import 'server-only';
import { Agent, errors, request, type Dispatcher } from 'undici';
import { z } from 'zod';
import {
  capabilitiesAnswerSchema,
  capabilitiesResponseSchema,
  collectAgentInputAnswerSchema,
  collectAgentInputResponseSchema,
  contractIssues,
  conversationAnswerSchema,
  conversationResponseSchema,
  csatAnswerSchema,
  csatResponseSchema,
  DEFAULT_INTERCOM_VERSION,
  escalateResponseSchema,
  meResponseSchema,
  type ContractIssue,
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
import { ConsoleError, FinApiError, UpstreamError } from './errors';
import { assertPathId, callbackProblem, onFinOrigin } from './fin-target';
import { log, redact, redactValue } from './log';

export interface FinClientOptions {
  baseUrl: string;
  /** Read on every attempt, so a token connected through OAuth takes effect at once. */
  token: string | ((kind: Credential) => string);
  version?: string;
  timeoutMs: number;
  record?: (call: ApiCallInput) => Promise<void>;
  maxAttempts?: number;
  backoffMs?: number;
  drift?: (where: string, issues: ContractIssue[]) => void;
}

export interface FinAnswer<T> {
  data: T;
  body: unknown;
}

/** A 429 means Fin did nothing; a 5xx or a lost connection may have done the work. */
type RetryPolicy = 'idempotent' | 'once';

interface CallSpec<S extends z.ZodType> {
  method: 'GET' | 'POST';
  url: string;
  body: unknown;
  schema: S;
  contract?: z.ZodType;
  where?: string;
  retry: RetryPolicy;
  conversationId: string | null;
  credential: Credential;
  token?: string | null;
  form?: boolean;
  recordAs?: { request: unknown; response: (body: unknown) => unknown };
}

const MAX_ANSWER_BYTES = 1024 * 1024;

class SendError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'too_large',
    cause?: unknown,
  ) {
    super(reason, { cause });
  }
}

// One keep-alive pool per origin; undici never resends a POST whose connection broke.
const agent = ((globalThis as unknown as { __finConsoleAgent?: Agent }).__finConsoleAgent ??= new Agent({
  maxResponseSize: MAX_ANSWER_BYTES,
}));

const MAX_RETRY_AFTER_MS = 10_000;

function retryAfterMs(header: string | null, fallback: number): number {
  if (!header) return fallback;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Math.min(Math.max(Number.isFinite(ms) ? ms : fallback, 0), MAX_RETRY_AFTER_MS);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The only code that talks to the Fin Agent API; attempts are recorded for the inspector, never the token. */
export class FinClient {
  constructor(private readonly opts: FinClientOptions) {}

  capabilities(body: CapabilitiesRequest) {
    return this.call({
      method: 'POST',
      url: this.url('/fin/capabilities'),
      body,
      schema: capabilitiesAnswerSchema,
      contract: capabilitiesResponseSchema,
      where: 'POST /fin/capabilities',
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
      schema: conversationAnswerSchema,
      contract: conversationResponseSchema,
      where: 'POST /fin/ask',
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
      schema: conversationAnswerSchema,
      contract: conversationResponseSchema,
      where: 'POST /fin/start',
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
      schema: conversationAnswerSchema,
      contract: conversationResponseSchema,
      where: 'POST /fin/reply',
      retry: 'once',
      conversationId: body.conversation_id,
      credential: 'fin',
    });
  }

  runProcedure(procedureId: string, body: RunProcedureRequest) {
    assertPathId('procedure_id', procedureId);
    const url = this.url(`/fin/procedures/${encodeURIComponent(procedureId)}/run`);
    return this.call({
      method: 'POST',
      url,
      body,
      schema: conversationAnswerSchema,
      contract: runProcedureResponseSchema,
      where: 'POST /fin/procedures/{procedure_id}/run',
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
      schema: conversationAnswerSchema,
      contract: escalateResponseSchema,
      where: 'POST /fin/escalate',
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
      schema: csatAnswerSchema,
      contract: csatResponseSchema,
      where: 'POST /fin/csat',
      retry: 'idempotent',
      conversationId: body.conversation_id,
      credential: 'fin',
    });
  }

  /** A request Fin must refuse: 400 for the missing user if the key passes, 401 if not; nothing is created. */
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

  callbackProblem(callbackUrl: string, conversationId: string): string | null {
    return callbackProblem(this.opts.baseUrl, callbackUrl, conversationId);
  }

  /** Only to the documented callback path on the configured Fin API; `conversationId` is the console's own. */
  collectAgentInput(
    callbackUrl: string,
    intercomConversationId: string,
    body: CollectAgentInputRequest,
    conversationId: string | null,
  ) {
    const problem = this.callbackProblem(callbackUrl, intercomConversationId);
    if (problem)
      throw new ConsoleError('hitl_refused', `The console will not call this step's callback. ${problem}`);
    return this.call({
      method: 'POST',
      url: callbackUrl,
      body,
      schema: collectAgentInputAnswerSchema,
      contract: collectAgentInputResponseSchema,
      where: 'POST /procedures/{conversation_id}/collect_agent_input',
      retry: 'once',
      conversationId,
      credential: 'app',
    });
  }

  me(token?: string) {
    return this.read({
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
    return this.read({
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

  private async read<S extends z.ZodType>(spec: CallSpec<S>): Promise<z.infer<S>> {
    return (await this.call(spec)).data;
  }

  private async call<S extends z.ZodType>(spec: CallSpec<S>): Promise<FinAnswer<z.infer<S>>> {
    // The bearer goes to the configured Fin API and nowhere else, whatever URL a caller built.
    if (spec.token !== null && !onFinOrigin(this.opts.baseUrl, spec.url)) {
      throw new ConsoleError(
        'upstream_untrusted',
        'The console sends its Fin credential only to the configured Fin API.',
      );
    }
    const maxAttempts = this.opts.maxAttempts ?? 3;
    const backoff = this.opts.backoffMs ?? 250;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= maxAttempts;
      const wait = backoff * 2 ** (attempt - 1);
      const outcome = await this.attempt(spec);
      if (outcome.kind === 'network') {
        if (!last && spec.retry === 'idempotent' && !outcome.tooLarge) {
          await sleep(wait);
          continue;
        }
        throw new UpstreamError(
          outcome.tooLarge
            ? `The Fin API sent an answer the console does not read (${outcome.reason}).`
            : `The Fin API could not be reached (${outcome.reason}).`,
        );
      }
      const { res, body } = outcome;
      if (res.status >= 200 && res.status < 300) {
        if (spec.contract && spec.where) this.noteDrift(spec.where, spec.contract, body);
        const parsed = spec.schema.safeParse(body);
        if (!parsed.success)
          throw new UpstreamError('The Fin API sent an answer the console does not understand.');
        return { data: parsed.data, body };
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

  private noteDrift(where: string, contract: z.ZodType, body: unknown): void {
    try {
      const issues = contractIssues(contract, body);
      if (issues.length > 0) this.opts.drift?.(where, issues);
    } catch (error) {
      log.warn(`Could not check an answer of ${where} against the contract`, String(error));
    }
  }

  private async attempt(
    spec: CallSpec<z.ZodType>,
  ): Promise<
    | { kind: 'answer'; res: { status: number; retryAfter: string | null }; body: unknown }
    | { kind: 'network'; reason: string; tooLarge?: boolean }
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
      const answer = await send(spec.url, {
        method: spec.method,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          'intercom-version': this.opts.version ?? DEFAULT_INTERCOM_VERSION,
          ...(spec.body === undefined
            ? {}
            : { 'content-type': spec.form ? 'application/x-www-form-urlencoded' : 'application/json' }),
          accept: 'application/json',
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
      const why = error instanceof SendError ? error.reason : 'network';
      const reason =
        why === 'timeout'
          ? `no answer within ${this.opts.timeoutMs} ms`
          : why === 'too_large'
            ? `its answer was over ${MAX_ANSWER_BYTES / 1024 / 1024} MiB`
            : 'connection failed';
      body = { error: reason };
      // Another try would bring the same oversized answer.
      return { kind: 'network', reason, tooLarge: why === 'too_large' };
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

/** One request with its whole answer read as text; `timeoutMs` bounds it from connect to last byte. */
async function send(
  url: string,
  opts: { method: Dispatcher.HttpMethod; headers: Record<string, string>; body?: string; timeoutMs: number },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const { protocol } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') throw new SendError('network');
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new SendError('timeout')), opts.timeoutMs);
  try {
    const res = await request(url, {
      dispatcher: agent,
      method: opts.method,
      headers: opts.headers,
      body: opts.body ?? null,
      signal: deadline.signal,
    });
    if (Number(res.headers['content-length'] ?? 0) > MAX_ANSWER_BYTES) {
      res.body.on('error', () => undefined).destroy();
      throw new SendError('too_large');
    }
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  } catch (error) {
    if (error instanceof SendError) throw error;
    if (deadline.signal.aborted) throw new SendError('timeout', error);
    if (error instanceof errors.ResponseExceededMaxSizeError) throw new SendError('too_large', error);
    throw new SendError('network', error);
  } finally {
    clearTimeout(timer);
  }
}
