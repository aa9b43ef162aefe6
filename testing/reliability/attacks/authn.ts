import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { Attack } from './types';

/** Sign-in and session attacks over HTTP; each 127.0.0.x source is a distinct socket peer. */

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request to the served console from `from` (a 127.0.0.0/8 source), any Host allowed. */
export function send(
  base: string,
  path: string,
  opts: { method?: string; from?: string; headers?: Record<string, string>; json?: unknown } = {},
): Promise<Reply> {
  const url = new URL(path, base);
  const body = opts.json === undefined ? undefined : JSON.stringify(opts.json);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
        ...(opts.from ? { localAddress: opts.from } : {}),
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...opts.headers,
        },
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${path} did not answer within 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export function offOrigin(location: string | undefined, base: string): string | null {
  if (!location) return null;
  const to = new URL(location, base);
  return to.origin === new URL(base).origin ? null : to.origin;
}

export function sessionPair(headers: Reply['headers']): string | null {
  const set = headers['set-cookie'];
  const list = Array.isArray(set) ? set : set ? [set] : [];
  const pair = list
    .map((c) => c.split(';')[0]!.trim())
    .find((c) => /^(__Host-)?fin_console_session=./.test(c));
  return pair ?? null;
}

const DEMO_LEAD = { email: 'lead@demo.test', password: 'demo-lead' };

const signIn = (
  base: string,
  from: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
) => send(base, '/api/auth/sign-in', { from, json: { email, password }, headers });

export const REDIRECT_PAYLOADS = ['/.//evil.example/x', '/inbox/..//evil.example/x', '/%2e//evil.example/x'];

export const authnAttacks: Attack[] = [
  {
    item: '4',
    name: 'open redirect after sign-in (dot segments in ?next=)',
    needs: 'http',
    async run({ served }) {
      const base = served!.url;
      const lead = await signIn(base, '127.0.0.98', DEMO_LEAD.email, DEMO_LEAD.password);
      const cookie = sessionPair(lead.headers);
      if (lead.status !== 200 || !cookie)
        return { breach: false, detail: `could not sign in (${lead.status})` };
      const away: string[] = [];
      for (const next of REDIRECT_PAYLOADS) {
        const res = await send(base, `/sign-in?next=${encodeURIComponent(next)}`, {
          from: '127.0.0.98',
          headers: { cookie },
        });
        const origin = offOrigin(res.headers.location as string | undefined, base);
        if (origin) away.push(`${next} → ${String(res.headers.location)}`);
      }
      return {
        breach: away.length > 0,
        detail: `${away.length}/${REDIRECT_PAYLOADS.length} payloads sent a signed-in teammate off the console${away.length ? `: ${away.join('; ')}` : ''}`,
      };
    },
  },
  {
    item: '5',
    name: 'X-Forwarded-For rotation resets the sign-in limit',
    needs: 'http',
    async run({ served }) {
      const base = served!.url;
      const email = `xff-${randomUUID().slice(0, 8)}@attack.test`;
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await signIn(base, '127.0.0.50', email, `guess-${i}`, {
          'x-forwarded-for': `203.0.113.${i + 1}`,
        });
        statuses.push(res.status);
      }
      const limited = statuses.filter((s) => s === 429).length;
      return {
        breach: limited === 0,
        detail: `12 wrong passwords from one socket, a new X-Forwarded-For each: ${limited} answered 429 (${statuses.join(',')})`,
      };
    },
  },
  {
    item: '5',
    name: 'a stranger locks the last lead out',
    needs: 'http',
    async run({ served }) {
      const base = served!.url;
      const statuses = new Map<number, number>();
      // Sixty wrong passwords for the lead from twelve addresses (each also named in X-Forwarded-For).
      for (let a = 0; a < 12; a++) {
        for (let i = 0; i < 5; i++) {
          const res = await signIn(base, `127.0.0.${10 + a}`, DEMO_LEAD.email, `guess-${a}-${i}`, {
            'x-forwarded-for': `198.51.100.${a + 1}`,
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }
      const lead = await signIn(base, '127.0.0.97', DEMO_LEAD.email, DEMO_LEAD.password);
      const tally = [...statuses].map(([s, n]) => `${n}×${s}`).join(', ');
      return {
        breach: lead.status !== 200,
        detail: `after 60 stranger failures (${tally}) the lead's own sign-in answered ${lead.status}`,
      };
    },
  },
  {
    item: '13',
    name: 'host rebinding (Host: evil.example)',
    needs: 'http',
    async run({ served }) {
      const base = served!.url;
      const answers: string[] = [];
      let notRefused = 0;
      for (const path of ['/api/health', '/sign-in', '/api/auth/me']) {
        const res = await send(base, path, { headers: { host: 'evil.example' } });
        answers.push(`${path} ${res.status}`);
        if (res.status !== 421) notRefused++;
      }
      return {
        breach: notRefused > 0,
        detail: `requests with Host: evil.example: ${answers.join(', ')} (421 expected while CONSOLE_ORIGIN is set)`,
      };
    },
  },
  {
    item: '8',
    name: "a password change leaves the account's other sessions signed in",
    needs: 'http',
    async run({ rig, served }) {
      const base = served!.url;
      const email = `pw-change-${Date.now()}@example.test`;
      const password = 'first-password-for-attack-8';
      const made = await send(base, '/api/users', {
        headers: { authorization: `Bearer ${rig.adminToken}` },
        json: { email, name: 'Pat Change', role: 'lead', password },
      });
      const user = (JSON.parse(made.body) as { user?: { id?: string } }).user;
      if (made.status !== 201 || !user?.id) throw new Error(`adding the account answered ${made.status}`);
      // Two browsers signed in as the same teammate; the first changes the password.
      const [a, b] = await Promise.all(
        ['127.0.0.61', '127.0.0.62'].map(async (from) =>
          sessionPair((await signIn(base, from, email, password)).headers),
        ),
      );
      if (!a || !b) throw new Error('signing in gave no session');
      const changed = await send(base, `/api/users/${encodeURIComponent(user.id)}`, {
        method: 'PATCH',
        headers: { cookie: a, origin: base },
        json: { password: 'second-password-for-attack-8' },
      });
      const me = async (cookie: string) => (await send(base, '/api/auth/me', { headers: { cookie } })).status;
      const [mine, other] = [await me(a), await me(b)];
      return {
        breach: changed.status !== 200 || other !== 401 || mine !== 200,
        detail: `password changed ${changed.status}; the changing session then ${mine}, the other session ${other}`,
      };
    },
  },
];
