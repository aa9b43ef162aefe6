import type { IncomingMessage, ServerResponse } from 'node:http';
import { MESSAGES } from '@/lib/fin';
import type { SimContext } from './context';
import { channelOf } from './conversations';
import type { Faults } from './faults';
import { fail } from './http';
import type { Stream } from './hub';
import type { LoggedEvent } from './state';

/** The rewind window is capped at the documented 2 minutes. */
const MAX_REWIND_MS = 2 * 60 * 1000;
export const HEARTBEAT_MS = 15_000;

type Rewind = { ms: number } | { count: number } | null;

function parseRewind(value: string | null): Rewind {
  if (value === null) return null;
  const m = /^(\d+)(s|m)?$/.exec(value);
  if (!m) fail(400, 'parameter_invalid', 'rewind must be a duration such as 2m or a number of messages');
  const n = Number(m[1]);
  if (!m[2]) return { count: n };
  return { ms: Math.min(MAX_REWIND_MS, n * (m[2] === 'm' ? 60_000 : 1000)) };
}

function unauthorized(): never {
  fail(401, 'unauthorized', MESSAGES.unauthorized);
}

/**
 * GET /event-stream?channels=…&accessToken=…[&rewind=2m]. Each event is a default `message`
 * event whose data is the bare event JSON; the stream ends after the token's closing event.
 */
export async function openEventStream(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  faults: Faults,
  heartbeatMs: number,
) {
  const token = url.searchParams.get('accessToken');
  const channel = url.searchParams.get('channels');
  if (!token || !channel) unauthorized();
  const rewind = parseRewind(url.searchParams.get('rewind'));
  const claims = await ctx.tokens.verify(token);
  if (!claims || claims.channel !== channel || channelOf(claims.conversationId) !== channel) unauthorized();
  const conv = ctx.store.conversations.get(claims.conversationId);
  const cycle = conv?.cycles.get(claims.jti);
  if (!conv || !cycle || cycle.revoked) unauthorized();

  const now = ctx.clock.now();
  let replay: LoggedEvent[] = [];
  if (rewind && 'ms' in rewind) replay = conv.events.filter((e) => e.atMs >= now - rewind.ms);
  else if (rewind) replay = rewind.count > 0 ? conv.events.slice(-rewind.count) : [];
  if (cycle.closedSeq !== null) {
    // The cycle already ended: only a rewind that still reaches its closing event may replay it.
    if (!replay.some((e) => e.seq === cycle.closedSeq)) {
      cycle.revoked = true;
      unauthorized();
    }
  }

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\n');

  const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
  heartbeat.unref();
  const stream: Stream = {
    conversationId: conv.id,
    jti: cycle.jti,
    res,
    sent: 0,
    dropAfter: faults.drop_stream_after ?? ctx.faults.get().drop_stream_after,
    expiresAtMs: cycle.expiresAtMs,
    envelope: ctx.variants.enabled,
    closed: false,
    onClose: () => {
      clearInterval(heartbeat);
      ctx.timers.cancel(expiry);
    },
  };
  const expiry = ctx.timers.after(cycle.expiresAtMs - now, () => ctx.hub.end(stream));
  req.on('close', () => ctx.hub.end(stream));

  for (const rec of replay) {
    const outcome = ctx.hub.write(stream, rec);
    if (outcome === 'closed') cycle.revoked = true;
    if (outcome !== 'sent') return;
  }
  ctx.hub.add(stream);
  cycle.markSubscribed();
}
