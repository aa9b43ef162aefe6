import 'server-only';
import { authenticate } from './auth/authenticate';
import { roleAtLeast, type Principal, type Role } from './auth/roles';
import { sha256Hex } from './auth/secrets';
import { sessionSecretFrom } from './auth/sessions';
import type { ConsoleContext } from './context';
import { ConsoleError } from './errors';
import { log } from './log';

/** How often every open stream's credential is checked again: the net under the instant notices. */
export const STREAM_RECHECK_MS = 2_000;

export interface StreamHolder {
  /** Counted against the cap: the account, or the credential when it has none. */
  owner: string;
  /** Streams with the same key share one check (same credential, same role needed). */
  key: string;
  check(): Promise<boolean>;
}

export interface StreamTicket {
  /** `end` closes the stream once its credential no longer lets it in. */
  bind(end: () => void): void;
  release(): void;
}

interface Entry extends StreamHolder {
  end: (() => void) | null;
  ended: boolean;
}

/** Every browser stream on this instance: caps each principal, and closes a stream once its credential is gone (notice or re-check). */
export class StreamGuard {
  private readonly entries = new Set<Entry>();
  private readonly perOwner = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> = Promise.resolve();
  /** A periodic round is queued or running: a slow store must not pile rounds up behind it. */
  private ticking = false;

  constructor(private readonly o: { maxPerOwner: number; recheckMs: number }) {}

  start(): void {
    this.timer ??= setInterval(() => {
      if (this.ticking) return;
      this.ticking = true;
      void this.recheck().finally(() => (this.ticking = false));
    }, this.o.recheckMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  count(owner?: string): number {
    return owner === undefined ? this.entries.size : (this.perOwner.get(owner) ?? 0);
  }

  /** A place for one more stream of `holder`; past the cap, a 429. */
  admit(holder: StreamHolder): StreamTicket {
    const held = this.perOwner.get(holder.owner) ?? 0;
    if (held >= this.o.maxPerOwner) {
      throw new ConsoleError(
        'rate_limited',
        `Too many open streams: at most ${this.o.maxPerOwner} at once for one account. Close another tab or stream first.`,
      );
    }
    const entry: Entry = { ...holder, end: null, ended: false };
    this.entries.add(entry);
    this.perOwner.set(holder.owner, held + 1);
    let released = false;
    return {
      bind: (end) => {
        entry.end = end;
        if (entry.ended) end();
      },
      release: () => {
        if (released) return;
        released = true;
        this.entries.delete(entry);
        const left = (this.perOwner.get(holder.owner) ?? 1) - 1;
        if (left > 0) this.perOwner.set(holder.owner, left);
        else this.perOwner.delete(holder.owner);
      },
    };
  }

  /** Checks each credential behind the open streams once, ending those no longer let in; one round at a time. */
  recheck(owner?: string | null): Promise<void> {
    this.checking = this.checking.then(() => this.checkNow(owner ?? null));
    return this.checking;
  }

  private async checkNow(owner: string | null): Promise<void> {
    const byKey = new Map<string, Entry[]>();
    for (const e of this.entries) {
      if (e.ended || (owner !== null && e.owner !== owner)) continue;
      const group = byKey.get(e.key);
      if (group) group.push(e);
      else byKey.set(e.key, [e]);
    }
    await Promise.all(
      [...byKey.values()].map(async (group) => {
        let ok: boolean;
        try {
          ok = await group[0]!.check();
        } catch (error) {
          // A store hiccup is no revocation: the next round decides.
          log.warn('Could not re-check a stream credential', String(error));
          return;
        }
        if (ok) return;
        for (const e of group) {
          e.ended = true;
          e.end?.();
        }
      }),
    );
  }
}

/** Admits a stream under `me`'s cap and re-checks it (without renewing a session) while it stays open. */
export function admitStream(
  ctx: Pick<ConsoleContext, 'db' | 'env' | 'hub'>,
  headers: Headers,
  me: Principal,
  need: Role,
): StreamTicket {
  const authorization = headers.get('authorization');
  // Only what authenticate reads, so the kept headers pin nothing else of the request.
  const kept = new Headers();
  if (authorization !== null) kept.set('authorization', authorization);
  else kept.set('cookie', headers.get('cookie') ?? '');
  const credential = sha256Hex(authorization ?? `session ${sessionSecretFrom(headers.get('cookie')) ?? ''}`);
  return ctx.hub.streams.admit({
    owner: me.userId ? userStreamOwner(me.userId) : `credential:${credential}`,
    key: `${credential}|${need}`,
    check: async () => {
      const auth = await authenticate(ctx, kept, { touch: false });
      return !!auth && auth.principal.userId === me.userId && roleAtLeast(auth.principal.role, need);
    },
  });
}

/** The owner key `admitStream` counts a user's streams under, for credential notices. */
export const userStreamOwner = (userId: string) => `user:${userId}`;
