import { consoleAuth } from './lib/auth';
import { json, keepAlive, readSse, type SseReader } from './lib/http';
import { log, nowMs, pct, pool, ratio, round, sleep } from './lib/util';

function keyOf(conversationId: string, e: FinEventLike): string | null {
  switch (e.event_name) {
    case 'fin_reply_chunk':
      return `${conversationId}|chunk|${e.stream_id}|${e.chunk_index}`;
    case 'fin_replied':
      return `${conversationId}|reply|${e.message?.id ?? e.created_at_ms}`;
    case 'fin_status_updated':
      return `${conversationId}|status|${e.status}|${e.created_at_ms}`;
    case 'csat_requested':
      return `${conversationId}|csat|${e.created_at_ms}`;
    default:
      return null;
  }
}

interface FinEventLike {
  event_name: string;
  created_at_ms: string;
  status?: string;
  stream_id?: string;
  chunk_index?: number;
  message?: { id?: string };
}

export interface RelayResult {
  requested: number;
  conversations: number;
  samples: number;
  /** Seen live by the direct reader but not delivered by the console before the readers closed. */
  lateOrLost: number;
  /** Delivered by the console, but emitted before its upstream follower reported `live` (replayed or caught up). */
  notFollowedYet: number;
  eventsPerS: number;
  /** First sight on the console's stream: `fin_live` (read upstream, not yet stored) or `fin`, whichever came first. */
  consoleP50: number | null;
  consoleP99: number | null;
  storedP50: number | null;
  storedP99: number | null;
  /** True when late or lost events (counted at their lower bound) weigh on the p99. */
  p99LowerBound: boolean;
  directP50: number | null;
  directP99: number | null;
  addedP50: number | null;
  ratioP50: number | null;
  errors: number;
  rampS: number;
}

const USER_QUESTION = 'I cannot log in: how do I reset my password?';
const USER_REPLY = 'Still no password email, how do I log in?';

/** N live conversations at demo pace, each event timed on both streams (docs/decisions/benchmarks.md). */
export async function relay(
  consoleUrl: string,
  n: number,
  opts: {
    simUrl: string;
    windowMs: number;
    thinkMs: number;
    rampConcurrency?: number;
    rampCapMs?: number;
    window?: { start(): void; end(): void };
    /** Open the relay's stream before the conversation starts (the bare relay has no catch-up). */
    subscribeFirst?: boolean;
  },
): Promise<RelayResult> {
  const agent = keepAlive(64);
  const tag = Math.random().toString(36).slice(2, 8);
  const direct = new Map<string, { lat: number; emit: number }>();
  const relayed = new Map<string, { lat: number; live: boolean }>();
  const stored = new Map<string, number>();
  const readers: SseReader[] = [];
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let errors = 0;
  let inflight = 0;
  let started = 0;
  const inWindow = (emit: number) => emit >= windowStart && emit <= windowEnd;

  const openDirect = (id: string, url: string) => {
    const r: SseReader = readSse(url, (f) => {
      let e: FinEventLike;
      try {
        e = JSON.parse(f.data) as FinEventLike;
      } catch {
        return;
      }
      const emit = Date.parse(e.created_at_ms);
      const key = keyOf(id, e);
      if (key && r.openedAt !== null && emit >= r.openedAt && inWindow(emit))
        direct.set(key, { lat: f.at - emit, emit });
    });
    readers.push(r);
  };

  /** The cycle's URL on the simulator: the console answers with its own stream, not Fin's. */
  const upstreamUrl = async (id: string) => {
    const sim = await json<{ sse_subscription_url: string | null }>(
      agent,
      'GET',
      `${opts.simUrl}/_sim/conversations/${encodeURIComponent(id)}`,
    );
    if (!sim.sse_subscription_url) throw new Error(`the simulator has no stream URL for ${id}`);
    return sim.sse_subscription_url;
  };

  const send = (route: 'start' | 'reply', id: string, user: { id: string }, body: string) =>
    json(
      agent,
      'POST',
      `${consoleUrl}/api/fin/${route}`,
      { conversation_id: id, user, message: { author: 'user', body } },
      consoleAuth,
    );

  /** Conversations whose user has replied at least once: their later cycles have no rewind. */
  const replied = new Set<string>();
  const reply = async (id: string, user: { id: string }) => {
    replied.add(id);
    inflight++;
    try {
      await send('reply', id, user, USER_REPLY);
      openDirect(id, await upstreamUrl(id));
    } catch (error) {
      errors++;
      if (errors <= 3) log(`relay: reply failed: ${String(error)}`);
    } finally {
      inflight--;
    }
  };

  const rampDeadline = Date.now() + (opts.rampCapMs ?? 120_000);
  const startOne = async (i: number) => {
    if (Date.now() > rampDeadline) return;
    const id = `bench-relay-${tag}-${n}-${i}`;
    const user = { id: `bench-user-${i % 50}` };
    // The bare relay has no catch-up: start only once its stream is open, or early events are lost.
    if (opts.subscribeFirst) await watch(id, user).opened;
    try {
      await send('start', id, user, USER_QUESTION);
    } catch (error) {
      errors++;
      if (errors <= 3) log(`relay: start failed: ${String(error)}`);
      return;
    }
    started++;
    try {
      openDirect(id, await upstreamUrl(id));
    } catch (error) {
      errors++;
      if (errors <= 3) log(`relay: reading the simulator's stream URL failed: ${String(error)}`);
    }
    if (!opts.subscribeFirst) watch(id, user);
  };

  /** Reads the relay's stream: a live copy (`fin_live`), then the stored copy whole (`fin`) or its acknowledgement (`fin_stored`). */
  const watch = (id: string, user: { id: string }) => {
    let opened = () => {};
    const open = new Promise<void>((resolve) => (opened = resolve));
    let liveAt = Infinity;
    const seen = new Map<string, FinEventLike>();
    const r = readSse(
      `${consoleUrl}/api/conversations/${encodeURIComponent(id)}/stream`,
      (f) => {
        if (f.event === 'conversation') {
          const state = (JSON.parse(f.data) as { stream_state: string }).stream_state;
          if (state === 'live') liveAt = Math.min(liveAt, f.at);
          else liveAt = Infinity;
          return;
        }
        let e: FinEventLike | undefined;
        if (f.event === 'fin_stored') {
          const ack = JSON.parse(f.data) as { key: string };
          e = seen.get(ack.key);
          seen.delete(ack.key);
        } else if (f.event === 'fin' || f.event === 'fin_live') {
          const data = JSON.parse(f.data) as { key: string; event: FinEventLike };
          e = data.event;
          if (f.event === 'fin_live') seen.set(data.key, e);
        }
        if (!e) return;
        const key = keyOf(id, e);
        if (!key) return;
        const isStored = f.event !== 'fin_live';
        const emit = Date.parse(e.created_at_ms);
        if (inWindow(emit)) {
          if (!relayed.has(key))
            relayed.set(key, { lat: f.at - emit, live: replied.has(id) || emit >= liveAt });
          if (isStored) stored.set(key, f.at - emit);
        }
        // The user replies once the cycle's end is stored, as a browser would see it after a reload.
        if (!isStored) return;
        if (
          e.event_name === 'fin_status_updated' &&
          e.status === 'awaiting_user_reply' &&
          Date.now() < windowEnd
        ) {
          const think = opts.thinkMs * (0.5 + Math.random());
          setTimeout(() => void (Date.now() < windowEnd ? reply(id, user) : undefined), think);
        }
      },
      { headers: consoleAuth, onOpen: () => opened() },
    );
    readers.push(r);
    void r.done.then(opened);
    return { opened: open };
  };

  const rampStart = nowMs();
  await pool(n, opts.rampConcurrency ?? 50, startOne);
  windowStart = nowMs();
  windowEnd = windowStart + opts.windowMs;
  opts.window?.start();
  const rampS = (windowStart - rampStart) / 1000;
  if (started < n) log(`relay: ${started} of ${n} conversations started within the ramp cap`);
  await sleep(opts.windowMs);
  opts.window?.end();
  // Let the cycles in flight finish, bounded.
  const drainUntil = Date.now() + 8000;
  while (Date.now() < drainUntil && inflight > 0) await sleep(100);
  await sleep(Math.max(0, Math.min(5000, drainUntil - Date.now())));
  const closedAt = nowMs();
  for (const r of readers) r.close();
  agent.destroy();

  const consoleLat: number[] = [];
  const storedLat: number[] = [];
  const directLat: number[] = [];
  const added: number[] = [];
  let lateOrLost = 0;
  let notFollowedYet = 0;
  for (const [key, d] of direct) {
    const c = relayed.get(key);
    if (!c) {
      lateOrLost++;
      consoleLat.push(closedAt - d.emit);
      storedLat.push(closedAt - d.emit);
      directLat.push(d.lat);
      continue;
    }
    if (!c.live) {
      notFollowedYet++;
      continue;
    }
    consoleLat.push(c.lat);
    storedLat.push(stored.get(key) ?? closedAt - d.emit);
    directLat.push(d.lat);
    added.push(c.lat - d.lat);
  }
  const consoleP50 = pct(consoleLat, 50);
  const directP50 = pct(directLat, 50);
  return {
    requested: n,
    conversations: started,
    samples: directLat.length,
    lateOrLost,
    notFollowedYet,
    eventsPerS: round(relayed.size / (opts.windowMs / 1000), 0) ?? 0,
    consoleP50: round(consoleP50, 2),
    consoleP99: round(pct(consoleLat, 99), 2),
    storedP50: round(pct(storedLat, 50), 2),
    storedP99: round(pct(storedLat, 99), 2),
    p99LowerBound: lateOrLost > consoleLat.length / 100,
    directP50: round(directP50, 2),
    directP99: round(pct(directLat, 99), 2),
    addedP50: round(pct(added, 50), 2),
    ratioP50: ratio(consoleP50, directP50),
    errors,
    rampS: round(rampS, 1) ?? 0,
  };
}
