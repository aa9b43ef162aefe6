import 'server-only';
import { Agent, request } from 'undici';
import type { z } from 'zod';
import type { Env } from './env';
import { ConsoleError } from './errors';
import { log } from './log';

const MAX_ANSWER_BYTES = 2 * 1024 * 1024;
const TIMEOUT_MS = 10_000;

const agent = ((globalThis as unknown as { __finConsoleSimAgent?: Agent }).__finConsoleSimAgent ??= new Agent({
  maxResponseSize: MAX_ANSWER_BYTES,
}));

/** The simulator's control API is reachable only in demo mode on a loopback simulator: it has no auth. */
export const simControlAvailable = (env: Env) => env.simulatorDefaults && env.finApiTarget === 'simulator';

function messageOf(body: unknown, status: number): string {
  const errors = (body as { errors?: Array<{ message?: unknown }> } | null)?.errors;
  const first = Array.isArray(errors) ? errors[0]?.message : undefined;
  return typeof first === 'string' ? first : `The simulator answered ${status}`;
}

/**
 * Calls `/_sim/<path>` on the configured simulator and parses the answer with `schema`.
 * The simulator's own 4xx message is passed on (it is ours and says what was wrong); no credential is sent.
 */
export async function simControl<S extends z.ZodType>(
  env: Env,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  schema: S,
  body?: unknown,
): Promise<z.output<S>> {
  if (!simControlAvailable(env))
    throw new ConsoleError('conflict', 'This works with the built-in simulator in demo mode only');
  const url = new URL(`/_sim/${path.replace(/^\/+/, '')}`, env.finApiBaseUrl);
  let status: number;
  let answer: unknown;
  try {
    const res = await request(url, {
      method,
      dispatcher: agent,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    status = res.statusCode;
    answer = await res.body.json().catch(() => null);
  } catch (err) {
    log.warn('sim_control_failed', { path, error: String(err) });
    throw new ConsoleError('upstream_unavailable', 'The simulator could not be reached');
  }
  if (status === 404) throw new ConsoleError('not_found', messageOf(answer, status));
  if (status === 409) throw new ConsoleError('conflict', messageOf(answer, status));
  if (status >= 400 && status < 500) throw new ConsoleError('parameter_invalid', messageOf(answer, status));
  if (status >= 500) throw new ConsoleError('upstream_unavailable', messageOf(answer, status));
  const parsed = schema.safeParse(answer);
  if (!parsed.success) {
    log.warn('sim_control_unexpected', { path, issues: parsed.error.issues.length });
    throw new ConsoleError('upstream_unavailable', 'The simulator answered in an unexpected shape');
  }
  return parsed.data;
}
