import 'server-only';
import type { z } from 'zod';
import { getConsole, type ConsoleContext } from './context';
import { ConsoleError, toErrorResponse } from './errors';

/** Far deeper than any request of the API; a deeper body would overflow the stack when forwarded. */
export const MAX_BODY_DEPTH = 64;

/** Whether objects and arrays nest deeper than `max` (walked without recursion). */
function nestedDeeper(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, depth] = item;
    if (!v || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function checkedBody(body: unknown): unknown {
  if (nestedDeeper(body, MAX_BODY_DEPTH)) {
    throw new ConsoleError(
      'parameter_invalid',
      400,
      `Request body is nested more than ${MAX_BODY_DEPTH} levels deep`,
    );
  }
  return body;
}

/** Parses a JSON body with a contract schema; a body that is not JSON is a 400 like any bad field. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new ConsoleError('parameter_invalid', 400, 'Request body must be JSON');
  }
  return schema.parse(checkedBody(body));
}

/** Who is acting, for the audit log: the `X-Teammate` header (URI-encoded by the browser), else the body. */
export function actorOf(req: Request, fromBody?: string | null): string {
  const header = req.headers.get('x-teammate');
  let name = '';
  if (header) {
    try {
      name = decodeURIComponent(header).trim();
    } catch {
      name = header.trim();
    }
  }
  return (name || fromBody?.trim() || 'anonymous').slice(0, 200);
}

export type RouteParams<P> = { params: Promise<P> };

/**
 * Wraps a route handler: resolves the console context and the params, turns a returned value
 * into JSON, and sends every error through `toErrorResponse`.
 */
export function route<P = Record<string, never>>(
  fn: (req: Request, ctx: ConsoleContext, params: P) => Promise<unknown>,
): (req: Request, context: RouteParams<P>) => Promise<Response> {
  return async (req, context) => {
    try {
      const ctx = await getConsole();
      const out = await fn(req, ctx, (await context?.params) ?? ({} as P));
      return out instanceof Response ? out : Response.json(out);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** Like `readJson`, but an empty body is `{}` (DELETE and claim requests often carry none). */
export async function readOptionalJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await req.text();
  if (!text.trim()) return schema.parse({});
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ConsoleError('parameter_invalid', 400, 'Request body must be JSON');
  }
  return schema.parse(checkedBody(body));
}

/** A named teammate (HITL claims and answers must say who); header or body. */
export function teammateOf(req: Request, fromBody?: string | null): string {
  const name = actorOf(req, fromBody);
  if (name === 'anonymous' && !fromBody) {
    throw new ConsoleError('parameter_invalid', 400, 'Say who is answering (teammate name)', [
      { code: 'parameter_invalid', message: 'Say who is answering (teammate name)', field: 'teammate' },
    ]);
  }
  return name;
}
