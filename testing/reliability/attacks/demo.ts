/** Demo mode and what the console tells about itself: accounts, secrets in errors, hints, OAuth start. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ACCOUNTS } from '@/lib/server/auth/demo';
import { startBuiltConsole, type BuiltConsole } from '../server';
import type { Attack, AttackTarget } from './types';

const demoLead = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;

/** What a public health answer says beyond up or down: its extra keys, and wiring named in it. */
export function healthLeaks(body: unknown, text: string, wiring: readonly string[]): string[] {
  const keys =
    body && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'ok') : ['(not an object)'];
  return [...keys, ...wiring.filter((w) => text.includes(w)).map((w) => `"${w}"`)];
}

export function secretHints(connection: unknown, secrets: readonly string[]): string[] {
  const c = (connection ?? {}) as { webhook_secret_hint?: unknown; webhooks?: { secret_hint?: unknown }[] };
  const hints = [
    c.webhook_secret_hint,
    ...(Array.isArray(c.webhooks) ? c.webhooks.map((w) => w?.secret_hint) : []),
  ];
  const tails = new Set(secrets.map((s) => s.slice(-4)));
  return hints.filter((h): h is string => typeof h === 'string' && tails.has(h));
}

export const startedByGet = (status: number) => status !== 405 && status >= 200 && status < 400;

export function sessionCookie(res: Response): string | null {
  return (
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!.trim())
      .find((c) => /^(__Host-)?fin_console_session=./.test(c)) ?? null
  );
}

const http = (base: string) => ({
  async call(method: string, p: string, init: { headers?: Record<string, string>; body?: unknown } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers.origin ??= base;
    return fetch(`${base}${p}`, {
      method,
      headers,
      redirect: 'manual',
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
  },
  async signIn(email: string, password: string) {
    const res = await this.call('POST', '/api/auth/sign-in', { body: { email, password } });
    await res.body?.cancel();
    return { status: res.status, cookie: sessionCookie(res) };
  },
});

async function teammate(t: AttackTarget, served: BuiltConsole, role: 'viewer' | 'lead') {
  const api = http(served.url);
  const email = `attack-${role}-${randomBytes(4).toString('hex')}@example.com`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const made = await api.call('POST', '/api/users', {
    headers: { authorization: `Bearer ${t.rig.adminToken}` },
    body: { name: `Attack ${role}`, email, role, password },
  });
  if (made.status !== 201) throw new Error(`making a ${role} answered ${made.status}`);
  const { cookie } = await api.signIn(email, password);
  if (!cookie) throw new Error(`signing the ${role} in set no session cookie`);
  return cookie;
}

export const demoAttacks: Attack[] = [
  {
    item: '2',
    name: 'published demo password on a console started without demo mode',
    needs: 'http',
    async run(t) {
      const dist = t.served!.dist;
      const dataDir = mkdtempSync(path.join(tmpdir(), 'fin-console-demo-attack-'));
      try {
        // An earlier demo on this store: the demo lead signs in and makes a token.
        const demo = await startBuiltConsole(t.rig, { dist, dataDir });
        let left: { cookie: string | null; token: string | null };
        try {
          const api = http(demo.url);
          const { cookie } = await api.signIn(demoLead.email, demoLead.password);
          const res = cookie
            ? await api.call('POST', '/api/tokens', {
                headers: { cookie },
                body: { name: 'left by the demo' },
              })
            : null;
          left = { cookie, token: res?.ok ? ((await res.json()) as { secret: string }).secret : null };
        } finally {
          await demo.stop();
        }
        // Then started as an operator would, with real secrets and no CONSOLE_DEMO_ACCOUNTS.
        const plain = await startBuiltConsole(t.rig, {
          dist,
          dataDir,
          env: { CONSOLE_DEMO_ACCOUNTS: undefined },
        });
        try {
          const api = http(plain.url);
          const signIn = await api.signIn(demoLead.email, demoLead.password);
          const me = async (headers: Record<string, string>) => {
            const res = await api.call('GET', '/api/auth/me', { headers });
            await res.body?.cancel();
            return res.status;
          };
          const session = left.cookie ? await me({ cookie: left.cookie }) : null;
          const token = left.token ? await me({ authorization: `Bearer ${left.token}` }) : null;
          const opened = [signIn.status, session, token].filter((s) => s === 200).length;
          return {
            breach: opened > 0,
            detail: `without demo mode: sign-in with the published password ${signIn.status}, the demo's session ${session ?? 'none made'}, its token ${token ?? 'none made'} (${opened} of 3 let in)`,
          };
        } finally {
          await plain.stop();
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  },
  {
    item: '9',
    name: 'invalid DATABASE_URL echoed with its password at start-up',
    needs: 'http',
    async run(t) {
      const password = `pw-${randomBytes(10).toString('hex')}`;
      const url = `postgres://fin:${password}@127.0.0.1:notaport/fin`;
      let output: string;
      try {
        const started = await startBuiltConsole(t.rig, { dist: t.served!.dist, env: { DATABASE_URL: url } });
        output = started.log();
        await started.stop();
      } catch (error) {
        output = String(error);
      }
      const named = output.includes('DATABASE_URL');
      return {
        breach: output.includes(password),
        detail: `start-up output ${output.length} chars, names DATABASE_URL: ${named}, carries the password: ${output.includes(password)}`,
      };
    },
  },
  {
    item: '10',
    name: 'public health names the Fin base URL and the store',
    needs: 'http',
    async run(t) {
      const res = await http(t.served!.url).call('GET', '/api/health');
      const text = await res.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: reported as such below
      }
      const leaks = healthLeaks(body, text, [t.rig.env.finApiBaseUrl, 'pglite', 'postgres', 'simulator']);
      return {
        breach: leaks.length > 0,
        detail: `signed out GET /api/health ${res.status}, ${text.length} bytes; beyond ok: ${leaks.join(', ') || 'nothing'}`,
      };
    },
  },
  {
    item: '10',
    name: 'viewer reads the webhook secrets’ last characters',
    needs: 'http',
    async run(t) {
      const cookie = await teammate(t, t.served!, 'viewer');
      const res = await http(t.served!.url).call('GET', '/api/connection', { headers: { cookie } });
      const hints = secretHints(await res.json().catch(() => null), [t.rig.clientSecret, t.rig.eventsSecret]);
      return {
        breach: hints.length > 0,
        detail: `viewer GET /api/connection ${res.status}; secret tails shown: ${hints.length}`,
      };
    },
  },
  {
    item: '12',
    name: 'token made with the operations token passes for a teammate and never lapses',
    needs: 'http',
    async run(t) {
      const api = http(t.served!.url);
      const admin = { authorization: `Bearer ${t.rig.adminToken}` };
      const res = await api.call('POST', '/api/tokens', {
        headers: admin,
        body: { name: demoLead.name, expires_in_days: 1 },
      });
      const made = (await res.json()) as {
        secret?: string;
        token?: { id?: string; expires_at?: unknown; created_by?: unknown };
      };
      if (!made.secret) return { breach: true, detail: `POST /api/tokens answered ${res.status}` };
      const me = (await (
        await api.call('GET', '/api/auth/me', { headers: { authorization: `Bearer ${made.secret}` } })
      ).json()) as {
        user?: { name?: string };
      };
      const tokenPath = `/api/tokens/${encodeURIComponent(made.token?.id ?? '')}`;
      await (await api.call('DELETE', tokenPath, { headers: admin })).body?.cancel();
      const impersonates = me.user?.name === demoLead.name;
      const lapses = typeof made.token?.expires_at === 'string';
      return {
        breach: impersonates || !lapses,
        detail: `acts as "${me.user?.name}", created_by ${JSON.stringify(made.token?.created_by ?? null)}, expires_at ${JSON.stringify(made.token?.expires_at ?? null)} (asked for 1 day)`,
      };
    },
  },
  {
    item: '15',
    name: 'a GET from another site starts the OAuth install',
    needs: 'http',
    async run(t) {
      const cookie = await teammate(t, t.served!, 'lead');
      // What a link or image elsewhere sends: a GET with the (SameSite=Lax) session cookie.
      const res = await http(t.served!.url).call('GET', '/api/connection/oauth/start', {
        headers: { cookie, 'sec-fetch-site': 'cross-site' },
      });
      await res.body?.cancel();
      const location = res.headers.get('location');
      return {
        breach: startedByGet(res.status),
        detail: `cross-site GET as a lead ${res.status}${location ? ` → ${location.split('?')[0]}` : ''}`,
      };
    },
  },
];
