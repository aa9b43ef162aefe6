import AxeBuilder from '@axe-core/playwright';
import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
  type TestInfo,
} from '@playwright/test';
import type { HitlStep } from '@/lib/console/types';
import {
  CataloguePage,
  ConversationPage,
  ForkComparePage,
  InsightsPage,
  ProceduresPage,
  ReplayPage,
  ScenariosPage,
} from './pages';

export const SIM_URL = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4110}`;

/** Saves a full-page screenshot under the test's output folder and attaches it to the report. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** What each visited page gets: an accessibility check, then a screenshot. */
export async function checkpoint(page: Page, testInfo: TestInfo, name: string) {
  await expectAccessible(page);
  await snap(page, testInfo, name);
}

/** Runs axe on the page and fails on any serious or critical violation, naming each one. */
export async function expectAccessible(page: Page) {
  // Judge settled colours: a button fading back from its disabled shade would read as low contrast.
  await page.addStyleTag({
    content: '*, *::before, *::after { transition: none !important; animation: none !important; }',
  });
  // Judge a settled page: on a client navigation the new route's <title> lands a moment after its content.
  await expect(page).toHaveTitle(/\S/);
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    );
  expect(serious, 'serious accessibility violations').toEqual([]);
}

export async function simControl(path: string, body?: unknown, method = 'POST') {
  const res = await fetch(`${SIM_URL}/_sim/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sim ${path}: ${res.status}`);
  return res.json().catch(() => null);
}

/** A conversation's Intercom id, from the simulator: Fin's run, ask and reply answers do not carry it. */
export async function intercomIdOf(conversationId: string): Promise<string> {
  const conv = (await simControl(
    `conversations/${encodeURIComponent(conversationId)}`,
    undefined,
    'GET',
  )) as {
    intercom_conversation_id: string;
  };
  return conv.intercom_conversation_id;
}

/** The pending HITL step of a conversation, found by its Intercom id whether or not it was linked. */
export async function pendingStepOf(
  request: APIRequestContext,
  conversationId: string,
  timeout = 20_000,
): Promise<HitlStep> {
  const intercomId = await intercomIdOf(conversationId);
  let found: HitlStep | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get('/api/hitl-steps?status=pending');
        found = res.ok()
          ? ((await res.json()) as HitlStep[]).find((s) => s.conversation_id === intercomId)
          : undefined;
        return Boolean(found);
      },
      { timeout, message: `a pending HITL step for ${conversationId} (Intercom ${intercomId})` },
    )
    .toBe(true);
  return found!;
}

/** The simulator's demo accounts (seeded whenever the console talks to the simulator). */
export const DEMO = {
  lead: { name: 'Dana Lead', email: 'lead@demo.test', password: 'demo-lead' },
  agent: { name: 'Alex Agent', email: 'agent@demo.test', password: 'demo-agent' },
  viewer: { name: 'Val Viewer', email: 'viewer@demo.test', password: 'demo-viewer' },
} as const;
export type DemoRole = keyof typeof DEMO;

/** The demo lead's signed-in state every spec starts from (E2E_AUTH_STATE keeps runs apart). */
export const LEAD_STATE = process.env.E2E_AUTH_STATE ?? '.tmp/e2e-auth/lead.json';

async function contextSignedInAs(
  browser: Browser,
  who: DemoRole | { email: string; password: string },
): Promise<BrowserContext> {
  // An explicit empty state: without it the context would inherit the lead's session.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    storageState: { cookies: [], origins: [] },
  });
  const { email, password } = typeof who === 'string' ? DEMO[who] : who;
  const res = await context.request.post('/api/auth/sign-in', { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return context;
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
  catalogue: CataloguePage;
}

export const test = base.extend<{
  catalogue: CataloguePage;
  conversation: ConversationPage;
  insights: InsightsPage;
  replay: ReplayPage;
  procedures: ProceduresPage;
  scenarios: ScenariosPage;
  compare: ForkComparePage;
  /** A page of its own signed in as `who`; its context closes after the test, failed or not. */
  signedInAs: (who: DemoRole | { email: string; password: string }) => Promise<SignedInPage>;
}>({
  catalogue: async ({ page }, provide) => provide(new CataloguePage(page)),
  conversation: async ({ page }, provide) => provide(new ConversationPage(page)),
  insights: async ({ page }, provide) => provide(new InsightsPage(page)),
  replay: async ({ page }, provide) => provide(new ReplayPage(page)),
  procedures: async ({ page }, provide) => provide(new ProceduresPage(page)),
  scenarios: async ({ page }, provide) => provide(new ScenariosPage(page)),
  compare: async ({ page }, provide) => provide(new ForkComparePage(page)),
  signedInAs: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (who) => {
      const context = await contextSignedInAs(browser, who);
      contexts.push(context);
      const page = await context.newPage();
      return { context, page, catalogue: new CataloguePage(page) };
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
});
export { expect };
