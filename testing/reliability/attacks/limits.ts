import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Attack } from './types';
import { realtime } from '@/testing/server/harness';

const MiB = 1024 * 1024;
const WEBHOOK_PATH = '/api/webhooks/intercom';

/** A process's resident memory in KiB (`VmRSS` in /proc), or null where there is no /proc. */
export function rssKiB(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export interface Oversize {
  status: number;
  code: string | null;
  sent: number;
  /** Largest growth of `watch`'s resident memory over its level at the start, in MiB. */
  grewMiB: number | null;
}

/** POSTs up to `bytes` chunked until an answer comes, sampling the server's memory every 25 ms. */
export function sendOversize(
  url: string,
  opts: { bytes: number; headers?: Record<string, string>; watch?: number; timeoutMs?: number },
): Promise<Oversize> {
  const base = opts.watch ? rssKiB(opts.watch) : null;
  let peak = base;
  const sampler = setInterval(() => {
    const now = opts.watch ? rssKiB(opts.watch) : null;
    if (now !== null && (peak === null || now > peak)) peak = now;
  }, 25);
  const grewMiB = () => (base === null || peak === null ? null : Math.round((peak - base) / 1024));
  return new Promise<Oversize>((resolve) => {
    let sent = 0;
    let answered = false;
    const done = (status: number, code: string | null) => {
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ status, code, sent, grewMiB: grewMiB() });
    };
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...opts.headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      done(0, null);
    }, opts.timeoutMs ?? 60_000);
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('error', () => done(res.statusCode ?? 0, null));
      res.on('end', () => {
        let code: string | null = null;
        try {
          const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { errors?: { code?: string }[] };
          code = body.errors?.[0]?.code ?? null;
        } catch {
          code = null;
        }
        done(res.statusCode ?? 0, code);
      });
    });
    // A server that answers early and closes resets the connection under the rest: expected.
    req.on('error', () => {
      if (!answered) done(0, null);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!answered && !req.destroyed && sent < opts.bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const limitsAttacks: Attack[] = [
  {
    item: '3',
    name: '64 MiB chunked body to the webhook path and a JSON route: 413 without buffering it',
    needs: 'http',
    async run({ rig, served }) {
      const s = served!;
      const bytes = 64 * MiB;
      // Twice the larger limit (1 MiB: the bytes and their text) plus the server's own churn; a
      // buffered 64 MiB body costs several times 64.
      const allowedMiB = 2 * 1 + 48;
      const hook = await sendOversize(`${s.url}${WEBHOOK_PATH}`, { bytes, watch: s.pid });
      const ask = await sendOversize(`${s.url}/api/fin/ask`, {
        bytes,
        watch: s.pid,
        headers: bearer(rig.adminToken),
      });
      const held = (r: Oversize) => r.status === 413 && (r.grewMiB === null || r.grewMiB <= allowedMiB);
      const show = (name: string, r: Oversize) =>
        `${name} → ${r.status || 'no answer'}${r.code ? ` ${r.code}` : ''} after ${Math.round(r.sent / MiB)} MiB sent, ` +
        `RSS +${r.grewMiB ?? '?'} MiB`;
      return {
        breach: !held(hook) || !held(ask),
        detail: `${show('webhook', hook)}; ${show('/api/fin/ask', ask)} (allowed: 413, RSS +${allowedMiB} MiB)`,
      };
    },
  },
  {
    item: '18',
    name: 'JSON sent as text/plain to a JSON route and to the webhook path',
    needs: 'http',
    async run({ rig, served }) {
      const s = served!;
      const ask = await fetch(`${s.url}/api/fin/ask`, {
        method: 'POST',
        headers: { ...bearer(rig.adminToken), 'content-type': 'text/plain' },
        body: JSON.stringify({
          conversation_id: `ct-${Date.now()}`,
          message: { author: 'user', body: 'sent as text' },
          user: { id: 'content-type-attack' },
        }),
      });
      const raw = JSON.stringify({
        event_name: 'fin_status_updated',
        conversation_id: `ct-hook-${Date.now()}`,
        user_id: 'content-type-attack',
        status: 'escalated',
        created_at_ms: new Date().toISOString(),
      });
      const hook = await fetch(`${s.url}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain',
          'x-fin-agent-api-webhook-signature': `sha256=${createHmac('sha256', rig.eventsSecret).update(raw).digest('hex')}`,
        },
        body: raw,
      });
      return {
        breach: ask.status !== 415 || hook.status !== 415,
        detail: `/api/fin/ask text/plain → ${ask.status}; webhook text/plain (signed) → ${hook.status} (wanted 415 both)`,
      };
    },
  },
  {
    item: '19',
    name: '600 badly signed webhooks from as many addresses: rows stored and lines logged',
    async run({ rig, served }) {
      const db = (await rig.ctx()).db;
      const rows = async () => {
        const [d] = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM webhook_deliveries WHERE signature_ok = false',
        );
        const [t] = await db.query<{ n: number }>(
          "SELECT CASE WHEN to_regclass('webhook_rejections') IS NULL THEN 0 ELSE (SELECT count(*)::int FROM webhook_rejections) END AS n",
        );
        return d!.n + t!.n;
      };
      const N = 600;
      const before = await rows();
      const linesBefore = served ? (served.log().match(/Rejected a webhook/g) ?? []).length : 0;
      let refused = 0;
      for (let i = 0; i < N; i++) {
        const raw = JSON.stringify({ flood: i });
        const headers = {
          'content-type': 'application/json',
          'x-forwarded-for': `10.66.${i >> 8}.${i & 255}`,
          'x-fin-agent-api-webhook-signature': `sha256=${'0'.repeat(64)}`,
        };
        const res = await rig.track(() =>
          realtime(new Request(`http://console.test${WEBHOOK_PATH}`, { method: 'POST', headers, body: raw })),
        );
        if (res.status === 401 || res.status === 429) refused++;
        // Over real HTTP too, where the server's log can be read.
        if (served && i < 200)
          await fetch(`${served.url}${WEBHOOK_PATH}`, { method: 'POST', headers, body: raw });
      }
      const added = (await rows()) - before;
      const lines = served ? (served.log().match(/Rejected a webhook/g) ?? []).length - linesBefore : null;
      const maxRows = 10;
      const maxLines = 5;
      return {
        breach: refused !== N || added > maxRows || (lines !== null && lines > maxLines),
        detail:
          `${refused}/${N} refused, ${added} rows added (allowed ${maxRows})` +
          (lines === null ? '' : `; 200 over HTTP → ${lines} log lines (allowed ${maxLines})`),
      };
    },
  },
];
