/**
 * An in-memory sliding-window limiter: at most `limit` hits per key within `windowMs`. Per
 * process (each console instance counts its own), which is enough to make guessing slow.
 */
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

  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfter(key: string): number {
    const now = this.now();
    const list = this.recent(key, now);
    if (list.length < this.limit) return 0;
    return Math.max(1, Math.ceil((list[list.length - this.limit]! + this.windowMs - now) / 1000));
  }

  /** Counts one hit against `key`. */
  hit(key: string): void {
    const now = this.now();
    const list = this.recent(key, now);
    if (!this.hits.has(key) && this.hits.size >= this.maxKeys) this.prune(now);
    list.push(now);
    this.hits.set(key, list);
  }

  /** Forgets `key` (a successful sign-in clears its failures). */
  reset(key: string): void {
    this.hits.delete(key);
  }

  /** Drops keys with nothing in the window; if still full, the oldest keys go first. */
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

/** Process-wide limiters (kept on globalThis so dev reloads keep their counts). */
const LIMITS = {
  /** Failures per address and email: a mistyped password is not locked out for long. */
  'sign-in': [10, 10 * 60 * 1000],
  /**
   * Failures per email from any address: the address comes from X-Forwarded-For, which a client
   * talking to the console directly can vary, so one account also has a ceiling of its own.
   */
  'sign-in-account': [50, 10 * 60 * 1000],
  /** Badly signed webhook requests per address. */
  webhook: [60, 60 * 1000],
} as const;

export function limiter(name: keyof typeof LIMITS): RateLimiter {
  const all = (holder.__finConsoleLimiters ??= {});
  const [limit, windowMs] = LIMITS[name];
  return (all[name] ??= new RateLimiter(limit, windowMs));
}

/** The client's address as Next passes it on (X-Forwarded-For, nearest hop last), else "unknown". */
export function clientIp(req: Request): string {
  const forwarded = req.headers.get('x-forwarded-for');
  const last = forwarded?.split(',').at(-1)?.trim();
  return last || req.headers.get('x-real-ip')?.trim() || 'unknown';
}
