/** A request to the console in-process or over HTTP (pages, proxy), answered in one shape. */
import { WEBHOOK_PATH } from '@/lib/server/connection/service';
import { conversationStreamId } from '@/lib/server/realtime-entry';
import { realtime } from '@/testing/server/harness';
import type { Api } from './api';
import { type DiscoveredRoute } from './routes';
import type { Rig } from './rig';

export interface Answer {
  status: number;
  location: string | null;
  text: string;
  headers: Headers;
}

export interface Transport {
  name: 'in-process' | 'http';
  /** Whether pages can be asked (only a real Next server renders them). */
  pages: boolean;
  /** The origin a browser on the console would send. */
  origin: string;
  send(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<Answer>;
}

const isStream = (h: Headers) => (h.get('content-type') ?? '').includes('text/event-stream');

/** Reads an answer; a stream is cancelled once its head is in. */
async function read(res: Response, abort: AbortController): Promise<Answer> {
  let text = '';
  if (isStream(res.headers)) {
    await res.body?.cancel().catch(() => undefined);
    abort.abort();
  } else {
    text = await res.text().catch(() => '');
  }
  return { status: res.status, location: res.headers.get('location'), text, headers: res.headers };
}

/** Which discovered route serves a path: static segments win over `:param` ones, as in Next. */
export function matchRoute(
  routes: DiscoveredRoute[],
  pathname: string,
): { route: DiscoveredRoute; params: Record<string, string> } | null {
  const parts = pathname.split('/').filter(Boolean);
  let best: { route: DiscoveredRoute; params: Record<string, string>; score: number } | null = null;
  for (const route of routes) {
    const segs = route.pattern.split('/').filter(Boolean);
    if (segs.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let score = 0;
    let ok = true;
    segs.forEach((seg, i) => {
      if (seg.startsWith(':')) params[seg.slice(1).replace(/\*$/, '')] = decodeURIComponent(parts[i]!);
      else if (seg === parts[i]) score += 1 << (segs.length - i);
      else ok = false;
    });
    if (ok && (!best || score > best.score)) best = { route, params, score };
  }
  return best ? { route: best.route, params: best.params } : null;
}

export function inProcess(rig: Rig, api: Api, routes: DiscoveredRoute[]): Transport {
  const origin = 'http://console.test';
  return {
    name: 'in-process',
    pages: false,
    origin,
    async send(method, path, headers = {}, body) {
      const url = new URL(path, origin);
      const abort = new AbortController();
      if (url.pathname === WEBHOOK_PATH || conversationStreamId(url.pathname) !== null) {
        // No Next route serves these paths: the realtime entry does, over loopback.
        const req = new Request(url, {
          method,
          headers,
          signal: abort.signal,
          ...(body !== undefined ? { body } : {}),
        });
        const answer = await read(await rig.track(() => realtime(req)), abort);
        api.scan(`${method} ${url.pathname} (realtime)`, answer.text, answer.headers);
        return answer;
      }
      const found = matchRoute(routes, url.pathname);
      const handler = found?.route.methods.get(method);
      if (!found || !handler)
        return { status: found ? 405 : 404, location: null, text: '', headers: new Headers() };
      const req = new Request(url, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        signal: abort.signal,
        ...(body !== undefined ? { body } : {}),
      });
      const res = await rig.track(() =>
        handler(req, { params: Promise.resolve(found.params) as Promise<never> }),
      );
      const answer = await read(res, abort);
      api.scan(`${method} ${found.route.pattern}`, answer.text, answer.headers);
      return answer;
    },
  };
}

/** A console served over HTTP at `base` (redirects are not followed). */
export function overHttp(base: string, api: Api): Transport {
  return {
    name: 'http',
    pages: true,
    origin: base,
    async send(method, path, headers = {}, body) {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 30_000);
      try {
        const res = await fetch(new URL(path, base), {
          method,
          redirect: 'manual',
          headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
          signal: abort.signal,
          ...(body !== undefined ? { body } : {}),
        });
        const answer = await read(res, abort);
        api.scan(`${method} ${new URL(path, base).pathname} (http)`, answer.text, answer.headers);
        return answer;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
