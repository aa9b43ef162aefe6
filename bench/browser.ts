import { createHmac, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../testing/chromium';
import { DEMO_LEAD } from './lib/auth';
import { keepAlive } from './lib/http';
import { EVENTS_SECRET } from './lib/procs';
import { postWebhook, signedHitl } from './lib/webhooks';
import { log, pct, pool, round } from './lib/util';

export interface FirstLoad {
  route: string;
  files: number;
  gzipKb: number;
  rawKb: number;
}

function findManifests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'api') findManifests(p, out);
    } else if (name === 'page_client-reference-manifest.js') out.push(p);
  }
  return out;
}

/** First-load JS per app page from the build manifests, gzipped at level 9 as a CDN would; no polyfills. */
export function firstLoadJs(distDir: string): FirstLoad[] {
  const build = JSON.parse(readFileSync(path.join(distDir, 'build-manifest.json'), 'utf8')) as {
    rootMainFiles: string[];
  };
  const out: FirstLoad[] = [];
  for (const file of findManifests(path.join(distDir, 'server/app'))) {
    const sandbox: {
      globalThis?: unknown;
      __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }>;
    } = {};
    sandbox.globalThis = sandbox;
    vm.runInNewContext(readFileSync(file, 'utf8'), sandbox);
    for (const [key, m] of Object.entries(sandbox.__RSC_MANIFEST ?? {})) {
      const route = key.replace(/\/page$/, '') || '/';
      if (route.startsWith('/_global-error')) continue;
      const files = new Set(build.rootMainFiles);
      for (const list of Object.values(m.entryJSFiles ?? {})) for (const f of list) files.add(f);
      let gz = 0;
      let raw = 0;
      for (const f of files) {
        const buf = readFileSync(path.join(distDir, f.replace(/^\/_next\//, '')));
        raw += buf.length;
        gz += gzipSync(buf, { level: 9 }).length;
      }
      out.push({
        route,
        files: files.size,
        gzipKb: round(gz / 1000, 1) ?? 0,
        rawKb: round(raw / 1000, 1) ?? 0,
      });
    }
  }
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

export async function launch(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH);
}

async function signedInContext(browser: Browser, consoleUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const res = await context.request.post(`${consoleUrl}/api/auth/sign-in`, {
    data: DEMO_LEAD,
    headers: { origin: consoleUrl },
  });
  // 404: a console without sign-in; its pages need no session.
  if (!res.ok() && res.status() !== 404) {
    await context.close();
    throw new Error(`signing in the demo lead answered ${res.status()}: ${(await res.text()).slice(0, 200)}`);
  }
  return context;
}

export interface HitlFormResult {
  coldMs: number | null;
  medianMs: number | null;
  fields: number;
}

export async function hitlForm(
  browser: Browser,
  consoleUrl: string,
  finApiBaseUrl: string,
  runs = 5,
): Promise<HitlFormResult> {
  const agent = keepAlive(2);
  const signed = signedHitl({ attributes: 50, finApiBaseUrl });
  const res = await postWebhook(agent, consoleUrl, signed);
  agent.destroy();
  if (res.status !== 200)
    throw new Error(`seeding the HITL step answered ${res.status}: ${res.body.slice(0, 200)}`);
  const context = await signedInContext(browser, consoleUrl);
  const page = await context.newPage();
  const times: number[] = [];
  let fields = 0;
  for (let i = 0; i <= runs; i++) {
    const t0 = Date.now();
    await page.goto(`${consoleUrl}/inbox/${signed.stepId}`, { waitUntil: 'commit' });
    await page.getByRole('button', { name: 'Send answer' }).waitFor({ state: 'visible', timeout: 60_000 });
    times.push(Date.now() - t0);
    if (i === 0)
      fields = await page
        .locator(
          'form fieldset input, form fieldset select, form fieldset textarea, form fieldset [role="switch"], form fieldset [role="checkbox"]',
        )
        .count();
  }
  await context.close();
  return { coldMs: times[0] ?? null, medianMs: round(pct(times.slice(1), 50), 0), fields };
}

const LONG_TASKS_SCRIPT = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: 'longtask', buffered: true });`;

/** Resolves once a second has passed without a long task (30 s at most) after the first row showed. */
const SETTLE_SCRIPT = `(firstRow) => new Promise((resolve) => {
  const check = () => {
    const tasks = window.__longTasks || [];
    const lastEnd = Math.max(firstRow, ...tasks.map((t) => t.end));
    const longest = Math.max(0, ...tasks.map((t) => t.end - t.start));
    if (performance.now() - lastEnd >= 1000 || performance.now() - firstRow > 30000) resolve({ tti: lastEnd, longest });
    else setTimeout(check, 100);
  };
  check();
})`;

const SCROLL_SCRIPT = `(selector) => new Promise((resolve) => {
  const el = document.querySelector(selector);
  if (!el) return resolve([]);
  const deltas = [];
  let last = 0;
  let n = 0;
  const step = (t) => {
    deltas.push(t - last);
    last = t;
    el.scrollTop += 400;
    if (++n < 240 && el.scrollTop + el.clientHeight < el.scrollHeight) requestAnimationFrame(step);
    else resolve(deltas.slice(1));
  };
  requestAnimationFrame((t) => {
    last = t;
    requestAnimationFrame(step);
  });
})`;

export interface ListFigures {
  firstRowMs: number | null;
  ttiMs: number | null;
  longestLoadTaskMs: number | null;
  longestFrameMs: number | null;
  p95FrameMs: number | null;
  frames: number;
}

/** Call right after the first row shows: time to interactive, longest task, and scroll frame times. */
async function measureList(
  page: Page,
  scroller: string,
  beforeScroll?: () => Promise<void>,
): Promise<ListFigures> {
  const firstRowMs = await page.evaluate(() => performance.now());
  const settled = await page.evaluate<{ tti: number; longest: number }>(`(${SETTLE_SCRIPT})(${firstRowMs})`);
  await beforeScroll?.();
  const frames = await page.evaluate<number[]>(`(${SCROLL_SCRIPT})('${scroller}')`);
  return {
    firstRowMs: round(firstRowMs, 0),
    ttiMs: round(settled.tti, 0),
    longestLoadTaskMs: round(settled.longest, 0),
    longestFrameMs: round(frames.length ? Math.max(...frames) : null, 1),
    p95FrameMs: round(pct(frames, 95), 1),
    frames: frames.length,
  };
}

export interface InboxResult extends ListFigures {
  steps: number;
  seeded: number;
}

export async function inbox(
  browser: Browser,
  consoleUrl: string,
  finApiBaseUrl: string,
  steps: number,
): Promise<InboxResult> {
  const agent = keepAlive(16);
  let seeded = 0;
  await pool(steps, 16, async (i) => {
    const res = await postWebhook(
      agent,
      consoleUrl,
      signedHitl({ attributes: 3, question: `Approve refund #${i}?`, finApiBaseUrl }),
    ).catch(() => null);
    if (res?.status === 200) seeded++;
  });
  agent.destroy();
  if (seeded < steps) log(`inbox: seeded ${seeded} of ${steps}`);
  const context = await signedInContext(browser, consoleUrl);
  // Page scripts are passed as source text: the TypeScript loader would wrap named functions
  // in a helper that does not exist in the page.
  await context.addInitScript(LONG_TASKS_SCRIPT);
  const page = await context.newPage();
  await page.goto(`${consoleUrl}/inbox`);
  await page
    .locator('ul[aria-label="Pending steps"] li')
    .first()
    .waitFor({ state: 'visible', timeout: 120_000 });
  await page.goto(`${consoleUrl}/inbox`, { waitUntil: 'commit' });
  await page
    .locator('ul[aria-label="Pending steps"] li')
    .first()
    .waitFor({ state: 'visible', timeout: 120_000 });
  const figures = await measureList(page, '[data-testid="pending-scroller"]');
  await context.close();
  return { steps, seeded, ...figures };
}

/** One signed Fin event of a long conversation; rows differ in height (status lines, 1–4 paragraphs). */
export function signedTimelineEvent(conversationId: string, i: number, baseMs: number) {
  const at = new Date(baseMs + i * 1000).toISOString();
  const paragraph = `Reply ${i}: here is what I found about your order and what happens next.`;
  const event =
    i % 5 === 0
      ? {
          event_name: 'fin_status_updated',
          conversation_id: conversationId,
          user_id: 'bench-user',
          status: 'awaiting_user_reply',
          created_at_ms: at,
        }
      : {
          event_name: 'fin_replied',
          conversation_id: conversationId,
          user_id: 'bench-user',
          message: {
            id: `bench-msg-${randomUUID()}`,
            author: 'fin',
            body: Array.from({ length: 1 + (i % 4) }, () => `<p>${paragraph}</p>`).join(''),
            timestamp_ms: at,
          },
          status: 'replying',
          created_at_ms: at,
        };
  const body = JSON.stringify(event);
  return {
    body,
    headers: {
      'x-fin-agent-api-webhook-signature': `sha256=${createHmac('sha256', EVENTS_SECRET).update(body).digest('hex')}`,
    },
  };
}

export interface TimelineResult extends ListFigures {
  events: number;
  seeded: number;
  seedS: number | null;
}

export async function timeline(
  browser: Browser,
  consoleUrl: string,
  events: number,
): Promise<TimelineResult> {
  const id = `bench-timeline-${randomUUID()}`;
  const baseMs = Date.now() - events * 1000;
  const agent = keepAlive(16);
  const t0 = Date.now();
  const first = await postWebhook(agent, consoleUrl, signedTimelineEvent(id, 0, baseMs));
  if (first.status !== 200)
    throw new Error(`seeding the timeline answered ${first.status}: ${first.body.slice(0, 200)}`);
  let seeded = 1;
  await pool(events - 1, 16, async (i) => {
    const res = await postWebhook(agent, consoleUrl, signedTimelineEvent(id, i + 1, baseMs)).catch(
      () => null,
    );
    if (res?.status === 200) seeded++;
  });
  agent.destroy();
  const seedS = round((Date.now() - t0) / 1000, 1);
  if (seeded < events) log(`timeline: seeded ${seeded} of ${events}`);
  const context = await signedInContext(browser, consoleUrl);
  await context.addInitScript(LONG_TASKS_SCRIPT);
  const page = await context.newPage();
  const url = `${consoleUrl}/conversations/${encodeURIComponent(id)}`;
  const row = page.getByRole('log', { name: 'Timeline' }).locator('li').first();
  await page.goto(url);
  await row.waitFor({ state: 'visible', timeout: 120_000 });
  await page.goto(url, { waitUntil: 'commit' });
  await row.waitFor({ state: 'visible', timeout: 120_000 });
  // It opens at its latest event: go to the top first, let it render, then scroll down.
  const scroller = (await page.getByTestId('timeline-scroller').count())
    ? '[data-testid="timeline-scroller"]'
    : 'html';
  const figures = await measureList(page, scroller, async () => {
    await page.evaluate(`document.querySelector('${scroller}').scrollTop = 0`);
    await page.waitForTimeout(500);
  });
  await context.close();
  return { events, seeded, seedS, ...figures };
}
