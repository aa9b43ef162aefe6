import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Db } from '../db/types';
import type { TrustProxy } from '../env';
import { sha256Hex } from './secrets';

/** An in-memory sliding-window limiter, per process: enough to make guessing slow. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    opts: { now?: () => number; maxKeys?: number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  private readonly maxKeys: number;

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }

  retryAfter(key: string): number {
    const now = this.now();
    const list = this.recent(key, now);
    if (list.length < this.limit) return 0;
    return Math.max(1, Math.ceil((list[list.length - this.limit]! + this.windowMs - now) / 1000));
  }

  hit(key: string): void {
    const now = this.now();
    const list = this.recent(key, now);
    if (!this.hits.has(key) && this.hits.size >= this.maxKeys) this.prune(now);
    list.push(now);
    this.hits.set(key, list);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private prune(now: number): void {
    for (const key of [...this.hits.keys()]) this.recent(key, now);
    for (const key of this.hits.keys()) {
      if (this.hits.size < this.maxKeys) break;
      this.hits.delete(key);
    }
  }

  get size(): number {
    return this.hits.size;
  }
}

const holder = globalThis as unknown as { __finConsoleLimiters?: Record<string, RateLimiter> };

const LIMITS = {
  webhook: [60, 60 * 1000],
  // Opening share links, per peer: plenty for a presenter, slow for someone guessing tokens.
  shareOpen: [30, 60 * 1000],
} as const;

export function limiter(name: keyof typeof LIMITS): RateLimiter {
  const all = (holder.__finConsoleLimiters ??= {});
  const [limit, windowMs] = LIMITS[name];
  return (all[name] ??= new RateLimiter(limit, windowMs));
}

// Written by the console's server over any a client sent (`stampPeer`), and believed only then.
export const PEER_HEADER = 'x-console-peer';
const SERVER_SETS_PEER = Symbol.for('fin-console.peer-header');

export function stampPeer(req: IncomingMessage): void {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
  (globalThis as Record<symbol, unknown>)[SERVER_SETS_PEER] = true;
}

const unmapped = (ip: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip);

const rangeLists = new WeakMap<readonly string[], BlockList>();
function trustedRanges(ranges: readonly string[]): BlockList {
  let list = rangeLists.get(ranges);
  if (!list) {
    list = new BlockList();
    for (const range of ranges) {
      const [ip = '', prefix] = range.split('/');
      const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) list.addAddress(ip, type);
      else list.addSubnet(ip, Number(prefix), type);
    }
    rangeLists.set(ranges, list);
  }
  return list;
}

function isTrusted(list: BlockList, ip: string): boolean {
  const family = isIP(ip);
  return family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}

/** The client's address: the socket's peer, and X-Forwarded-For only as far as TRUST_PROXY says (any client can write it). */
export function clientIp(req: Request | Headers, trust: TrustProxy | null, peer?: string | null): string {
  const headers = req instanceof Headers ? req : req.headers;
  const serverPeer = (globalThis as Record<symbol, unknown>)[SERVER_SETS_PEER] === true;
  const socket = unmapped(peer?.trim() || (serverPeer && headers.get(PEER_HEADER)?.trim()) || 'unknown');
  if (!trust) return socket;
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => unmapped(hop.trim()))
    .filter(Boolean)
    .reverse();
  const chain = [socket, ...forwarded];
  if ('hops' in trust) return chain[Math.min(trust.hops, chain.length - 1)]!;
  const list = trustedRanges(trust.ranges);
  const i = chain.findIndex((ip, n) => n === chain.length - 1 || !isTrusted(list, ip));
  return chain[i]!;
}

// Sign-in limits live in the store (across instances); wrong passwords count against the sender's address only.
export interface SignInLimits {
  failures: RateLimiterAbstract;
  checks: RateLimiterAbstract;
}

export const SIGN_IN_LIMITS = {
  failures: { points: 10, duration: 600 },
  checks: { points: 50, duration: 600 },
} as const;

const signInLimiters = new WeakMap<Db, Promise<SignInLimits>>();

export function signInLimits(db: Db): Promise<SignInLimits> {
  let found = signInLimiters.get(db);
  if (!found) {
    found = makeSignInLimits(db);
    signInLimiters.set(db, found);
    found.catch(() => signInLimiters.delete(db));
  }
  return found;
}

async function makeSignInLimits(db: Db): Promise<SignInLimits> {
  const make = async (name: keyof typeof SIGN_IN_LIMITS): Promise<RateLimiterAbstract> => {
    const opts = { keyPrefix: `sign_in_${name}`, ...SIGN_IN_LIMITS[name] };
    const pool = db.pgPool;
    if (!pool) return new RateLimiterMemory(opts);
    return new Promise((resolve, reject) => {
      const made: RateLimiterPostgres = new RateLimiterPostgres(
        { ...opts, storeClient: pool, storeType: 'pool', tableName: 'rate_limits' },
        (error?: Error) => (error ? reject(error) : resolve(made)),
      );
    });
  };
  // One after the other: both create the same table.
  const failures = await make('failures');
  return { failures, checks: await make('checks') };
}

export const limitKey = (...parts: string[]) => sha256Hex(parts.join('\n'));

export async function spend(limits: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limits.consume(key);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
