import 'server-only';
import type { z } from 'zod';
import { getConsole, type ConsoleContext } from './context';
import { authenticate, type Authenticated } from './auth/authenticate';
import { assertSameSite } from './auth/origin';
import { assertRole, unauthorized, type Principal, type Role } from './auth/roles';
import { isHttps, sessionCookie } from './auth/sessions';
import { assertJsonContentType, JSON_BODY_LIMIT, readBodyText } from './body';
import { ConsoleError, toErrorResponse } from './errors';

/** Far deeper than any request of the API; a deeper body would overflow the stack when forwarded. */
export const MAX_BODY_DEPTH = 64;

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
      `Request body is nested more than ${MAX_BODY_DEPTH} levels deep`,
    );
  }
  return body;
}

const readText = (req: Request, limit = JSON_BODY_LIMIT): Promise<string> =>
  readBodyText(req.body, req.headers.get('content-length'), limit);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConsoleError('parameter_invalid', 'Request body must be JSON');
  }
}

export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  limit = JSON_BODY_LIMIT,
): Promise<z.infer<S>> {
  assertJsonContentType(req.headers);
  return schema.parse(checkedBody(parseJson(await readText(req, limit))));
}

export type RouteParams<P> = { params: Promise<P> };
type Handler<P> = (req: Request, context: RouteParams<P>) => Promise<Response>;

export function route<P = Record<string, never>>(
  role: 'public',
  fn: (req: Request, ctx: ConsoleContext, params: P, me: null) => Promise<unknown>,
): Handler<P>;
export function route<P = Record<string, never>>(
  role: Role,
  fn: (req: Request, ctx: ConsoleContext, params: P, me: Principal) => Promise<unknown>,
): Handler<P>;
export function route<P = Record<string, never>>(
  role: Role | 'public',
  fn: (req: Request, ctx: ConsoleContext, params: P, me: Principal & null) => Promise<unknown>,
): Handler<P> {
  return async (req, context) => {
    try {
      const ctx = await getConsole();
      const params = (await context?.params) ?? ({} as P);
      if (role === 'public') return toResponse(await fn(req, ctx, params, null as never));
      const auth = await authorize(ctx, req, role);
      const res = toResponse(await fn(req, ctx, params, auth.principal as never));
      const cookie = renewedCookie(ctx, req, auth);
      if (cookie) renewCookie(res, cookie);
      return res;
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** The one auth sequence: authenticate (401), same-site for a session cookie (403), role (403). */
export async function authorize(ctx: ConsoleContext, req: Request, role: Role): Promise<Authenticated> {
  const auth = await authenticate(ctx, req.headers);
  if (!auth) throw unauthorized();
  if (auth.principal.via === 'session') assertSameSite(req);
  assertRole(auth.principal, role);
  return auth;
}

export function renewedCookie(ctx: ConsoleContext, req: Request, auth: Authenticated): string | null {
  if (!auth.renewed) return null;
  return sessionCookie(auth.renewed.secret, { secure: isHttps(ctx.env, req), expires: auth.renewed.expires });
}

/** The refusal of a method an endpoint does not take; `allow` lists the ones it does. */
export const wrongMethod = (allow: string) =>
  new ConsoleError('method_not_allowed', `This endpoint takes ${allow} only`);

export function methodNotAllowed(allow: string): Handler<Record<string, never>> {
  return async () => {
    const res = toErrorResponse(wrongMethod(allow));
    res.headers.set('allow', allow);
    return res;
  };
}

const toResponse = (out: unknown) => (out instanceof Response ? out : Response.json(out));

function renewCookie(res: Response, cookie: string) {
  try {
    if (!res.headers.get('set-cookie')) res.headers.append('set-cookie', cookie);
  } catch {
    // Immutable headers (a passed-through fetch Response): the server-side expiry still moved.
  }
}
