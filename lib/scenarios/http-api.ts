/** `ConsoleApi` over the console's public routes, with a bearer token (the CLI's way in). */
import { z } from 'zod';
import { errorListSchema } from '@/lib/fin';
import { conversationDetailSchema, hitlStepSchema } from '@/lib/console/types';
import type { ConsoleApi } from './runner';

/** A console answer other than 2xx, with the error.list messages. */
export class ConsoleHttpError extends Error {
  override name = 'ConsoleHttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 15_000;

export interface ConsoleClient {
  call<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>>;
}

/** Talks to `origin` only: every path is resolved against it and nothing else is ever fetched. */
export function consoleClient(origin: string, token: string): ConsoleClient {
  const base = new URL(origin);
  return {
    async call(method, path, schema, body) {
      const url = new URL(path, base);
      if (url.origin !== base.origin) throw new Error(`refusing to call ${url.origin}`);
      const res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      if (!res.ok) {
        const list = errorListSchema.safeParse(json);
        const message = list.success
          ? list.data.errors.map((e) => e.message ?? e.code).join(' · ')
          : `HTTP ${res.status}`;
        throw new ConsoleHttpError(res.status, `${method} ${url.pathname}: ${message}`);
      }
      return schema.parse(json);
    },
  };
}

const anything = z.unknown();
const path = (id: string) => encodeURIComponent(id);

export function httpConsoleApi(client: ConsoleClient): ConsoleApi {
  return {
    runProcedure: (procedureId, body) =>
      client.call('POST', `/api/fin/procedures/${path(procedureId)}/run`, anything, body),
    ask: (body) => client.call('POST', '/api/fin/ask', anything, body),
    reply: (body) => client.call('POST', '/api/fin/reply', anything, body),
    async conversation(id) {
      try {
        return await client.call('GET', `/api/conversations/${path(id)}`, conversationDetailSchema);
      } catch (error) {
        if (error instanceof ConsoleHttpError && error.status === 404) return null;
        throw error;
      }
    },
    step: (stepId) => client.call('GET', `/api/hitl-steps/${path(stepId)}`, hitlStepSchema),
    claim: (stepId) => client.call('POST', `/api/hitl-steps/${path(stepId)}/claim`, hitlStepSchema),
    submit: (stepId, values) =>
      client.call('POST', `/api/hitl-steps/${path(stepId)}/submit`, hitlStepSchema, {
        attribute_values: values,
      }),
  };
}
