import type { APIRequestContext, Page } from '@playwright/test';
import type { ApiCall, Conversation, HitlStep } from '@/lib/console/types';
import { PROCEDURE_IDS } from '@/lib/sim/procedures';
import { hitlStep } from '@/testing/hitl-step';
import {
  DEMO,
  expect as baseExpect,
  expectAccessible,
  pendingStepOf,
  simControl,
  snap,
  test,
} from './fixtures';
import { fillRefund } from './pages';

// Each step crosses the simulator, a webhook, the store and a live stream: allow a busy machine more time.
const expect = baseExpect.configure({ timeout: 20_000 });

const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

interface Run {
  conversationId: string;
  /** The Intercom conversation id: what the step's webhook and its callback URL name. */
  intercomId: string;
  stepId: string;
}

interface RunOptions {
  name?: string;
  /** The end user's trigger message: the step's recent messages then name them. */
  message?: string;
  reply?: string;
}

/** Starts a procedure the way the console does (capabilities, then run), replying when Fin asks first. */
async function startRun(
  request: APIRequestContext,
  procedureId: string,
  opts: RunOptions = {},
): Promise<string> {
  const conversationId = `e2e-hitl-${unique()}`;
  const user = {
    id: `user-${unique()}`,
    name: opts.name ?? 'Jane Doe',
    attributes: { plan_type: 'Pro', vip: true },
  };
  expect((await request.post('/api/fin/capabilities', { data: { user } })).ok()).toBe(true);
  const run = await request.post(`/api/fin/procedures/${procedureId}/run`, {
    data: {
      conversation_id: conversationId,
      user,
      ...(opts.message ? { message: { author: 'user', body: opts.message } } : {}),
    },
  });
  expect(run.ok(), await run.text()).toBe(true);
  if (opts.reply) {
    await expect.poll(() => conversationStatus(request, conversationId)).toBe('awaiting_user_reply');
    const reply = await request.post('/api/fin/reply', {
      data: { conversation_id: conversationId, user, message: { author: 'user', body: opts.reply } },
    });
    expect(reply.ok(), await reply.text()).toBe(true);
  }
  return conversationId;
}

async function conversationStatus(request: APIRequestContext, id: string) {
  const res = await request.get(`/api/conversations/${encodeURIComponent(id)}`);
  if (!res.ok()) return `http ${res.status()}`;
  return ((await res.json()) as { conversation: Conversation }).conversation.status;
}

async function runToStep(
  request: APIRequestContext,
  procedureId: string,
  opts: RunOptions = {},
): Promise<Run> {
  const conversationId = await startRun(request, procedureId, opts);
  const step = await pendingStepOf(request, conversationId);
  return { conversationId, intercomId: step.conversation_id, stepId: step.step_id };
}

/** Waits until the console has linked the step to the run; returns how (inferred, manual…). */
async function linkOf(request: APIRequestContext, run: Run): Promise<HitlStep['link']> {
  let step: HitlStep | undefined;
  await expect
    .poll(
      async () => {
        step = (await (await request.get(`/api/hitl-steps/${run.stepId}`)).json()) as HitlStep;
        return step.external_conversation_id;
      },
      { message: `step ${run.stepId} linked to ${run.conversationId}` },
    )
    .toBe(run.conversationId);
  return step!.link;
}

/** The calls the console made to the step's callback, which names the Intercom conversation. */
async function callbackCalls(request: APIRequestContext, run: Run): Promise<ApiCall[]> {
  const calls = (await (await request.get('/api/calls')).json()) as ApiCall[];
  return calls.filter((c) => c.url.includes(`/procedures/${run.intercomId}/collect_agent_input`));
}

/** Sets the theme in the stored UI state the sign-in left, keeping the rest. */
async function withTheme(page: Page, theme: 'light' | 'dark') {
  await page.addInitScript((look) => {
    const key = 'fin-console-ui';
    let saved: { state?: Record<string, unknown>; version?: number } = {};
    try {
      saved = JSON.parse(localStorage.getItem(key) ?? '{}') as typeof saved;
    } catch {
      // unreadable: start from the defaults
    }
    localStorage.setItem(
      key,
      JSON.stringify({ ...saved, state: { ...saved.state, theme: look }, version: saved.version ?? 0 }),
    );
  }, theme);
}

const LEAD = DEMO.lead.name;

const rowFor = (page: Page, stepId: string) =>
  page
    .getByRole('list', { name: 'Pending steps' })
    .getByRole('listitem')
    .filter({ has: page.locator(`a[href="/inbox/${stepId}"]`) });

async function expectRunCompletes(request: APIRequestContext, conversationId: string) {
  await expect
    .poll(() => conversationStatus(request, conversationId), {
      timeout: 20_000,
      message: 'the run reaches its end',
    })
    .toMatch(/^(resolved|complete)$/);
}

test.describe('HITL inbox and answer forms', () => {
  // Real runs through the simulator and two browsers at once: give a busy machine room.
  test.describe.configure({ timeout: 180_000 });

  test('steps of every data type are answered through the form and each run continues to completion', async ({
    page,
    request,
  }, testInfo) => {
    await withTheme(page, 'light');
    const order = `A-${unique()}`;
    const refund = await runToStep(request, PROCEDURE_IDS.refund, { reply: order, name: 'Jane Refund' });
    const upgrade = await runToStep(request, PROCEDURE_IDS.planUpgrade, { name: 'Omar Upgrade' });
    const callback = await runToStep(request, PROCEDURE_IDS.priorityCallback, { name: 'Vera Callback' });
    // Fin's answers name no Intercom conversation; the refund step's recent messages name its end
    // user (the reply), so the console infers its run.
    expect(await linkOf(request, refund)).toBe('inferred');

    await page.goto('/inbox');
    await expect(page.getByRole('heading', { level: 1, name: 'HITL inbox' })).toBeVisible();
    const refundRow = rowFor(page, refund.stepId);
    await expect(refundRow).toContainText('Refund request');
    await expect(refundRow).toContainText('Jane Refund');
    await expect(refundRow).toContainText('Billing');
    await expect(refundRow).toContainText('Priority');
    await expect(refundRow).toContainText(refund.conversationId);
    await expect(refundRow).toContainText('Linked (inferred)');
    await expect(
      refundRow.getByRole('link', { name: `Should we approve the refund for order ${order}?` }),
    ).toBeVisible();
    await expectAccessible(page);
    await snap(page, testInfo, 'inbox-pending');

    await refundRow.getByRole('link').first().click();
    await expect(page).toHaveURL(new RegExp(`/inbox/${refund.stepId}$`));
    await expect(
      page.getByRole('heading', { level: 1, name: `Should we approve the refund for order ${order}?` }),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: 'Open the live conversation' })).toHaveAttribute(
      'href',
      `/conversations/${refund.conversationId}`,
    );
    const runPanel = page.getByRole('region', { name: 'Run' });
    await expect(runPanel).toContainText('Linked (inferred)');
    await expect(runPanel).toContainText(`This step belongs to run ${refund.conversationId}, inferred from:`);
    await expect(runPanel).toContainText('Jane Refund is the run');
    await fillRefund(page, { approve: 'Yes', reason: 'Defective product', amount: '42.50' });
    await expectAccessible(page);
    await snap(page, testInfo, 'step-refund-filled');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByText('The run continues', { exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: `Answered by ${LEAD}` })).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Follow it on the live conversation timeline' }),
    ).toHaveAttribute('href', `/conversations/${refund.conversationId}`);
    await expectAccessible(page);
    await snap(page, testInfo, 'step-refund-answered');
    await expectRunCompletes(request, refund.conversationId);
    const simRefund = (await simControl(`conversations/${refund.conversationId}`, undefined, 'GET')) as {
      values: Record<string, unknown>;
    };
    expect(simRefund.values).toMatchObject({
      approve_refund: true,
      refund_reason: '85f00ba7-558c-4b02-a397-6f5c3659941c',
      refund_amount: 42.5,
    });

    await page.goto(`/inbox/${upgrade.stepId}`);
    await page.getByLabel('Number of seats').fill('12');
    await page.getByLabel('Upgrade takes effect').fill('2026-04-01T09:30');
    await expect(page.getByText(/sent as 2026-04-01T\d{2}:30:00Z/)).toBeVisible();
    await snap(page, testInfo, 'step-upgrade-filled');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByText('The run continues', { exact: true })).toBeVisible();
    await expectRunCompletes(request, upgrade.conversationId);
    const simUpgrade = (await simControl(`conversations/${upgrade.conversationId}`, undefined, 'GET')) as {
      values: Record<string, unknown>;
    };
    expect(simUpgrade.values.seats).toBe(12);
    expect(simUpgrade.values.effective_date).toMatch(/^2026-04-01T\d{2}:30:00Z$/);

    await page.goto(`/inbox/${callback.stepId}`);
    await page.getByLabel('Callback time').fill('2026-05-02T15:00');
    await page
      .getByRole('radiogroup', { name: 'Call topic' })
      .getByRole('radio', { name: 'Technical issue' })
      .check();
    const notes = page.getByRole('textbox', { name: 'Notes for the customer' });
    await expect(notes).toHaveJSProperty('tagName', 'TEXTAREA');
    await notes.fill('We will walk through the API errors together.');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByText('The run continues', { exact: true })).toBeVisible();
    await expectRunCompletes(request, callback.conversationId);

    await page.goto('/inbox');
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByLabel('Search answered steps').fill(order);
    const answered = page.getByRole('list', { name: 'Answered steps' }).getByRole('listitem');
    await expect(answered).toHaveCount(1);
    await expect(answered).toContainText(`answered by ${LEAD}`);
    await expect(answered).toContainText('Refund reason:Defective product');
    await expect(answered).toContainText('Approve refund:Yes');
    await page.getByLabel('Search answered steps').fill('');
    await expect(
      page
        .getByRole('list', { name: 'Answered steps' })
        .getByRole('listitem')
        .filter({ hasText: 'Technical issue' }),
    ).toHaveCount(1);
    await expectAccessible(page);
    await snap(page, testInfo, 'inbox-history');
    await page.getByRole('tab', { name: 'Pending' }).click();
    await expect(rowFor(page, refund.stepId)).toHaveCount(0);
  });

  test('invalid input is blocked with a message on each field, and nothing is sent', async ({
    page,
    request,
  }, testInfo) => {
    const upgrade = await runToStep(request, PROCEDURE_IDS.planUpgrade, { name: 'Ivy Invalid' });
    await page.goto(`/inbox/${upgrade.stepId}`);
    await expect(page.getByText(`Answering as ${LEAD}`)).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Your name' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByText('Enter a whole number.', { exact: true })).toBeVisible();
    await expect(page.getByText('Choose a date and time.')).toBeVisible();
    await expect(page.getByLabel('Number of seats')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('2 fields need attention before the answer can be sent.')).toBeVisible();
    await expectAccessible(page);
    await snap(page, testInfo, 'step-invalid-empty');

    await page.getByLabel('Number of seats').fill('2.5');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByText('Enter a whole number, without decimals.')).toBeVisible();
    await snap(page, testInfo, 'step-invalid-decimal-seats');

    const step = (await (await request.get(`/api/hitl-steps/${upgrade.stepId}`)).json()) as HitlStep;
    expect(step.status).toBe('pending');

    await page.getByLabel('Number of seats').fill('3');
    await page.getByLabel('Upgrade takes effect').fill('2026-06-01T08:00');
    await page.getByRole('button', { name: 'Send answer' }).dblclick();
    await expect(page.getByText('The run continues', { exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: `Answered by ${LEAD}` })).toBeVisible();
    expect(await callbackCalls(request, upgrade)).toHaveLength(1);
  });

  test('when Fin cannot be reached nothing is lost and Retry sends; a refused token says what to check', async ({
    page,
    request,
  }, testInfo) => {
    const run = await runToStep(request, PROCEDURE_IDS.refund, { reply: `F-${unique()}`, name: 'Flo Fault' });
    await page.goto(`/inbox/${run.stepId}`);
    await fillRefund(page, { approve: 'Yes', reason: 'Arrived late', amount: '7.25' });
    try {
      await simControl('faults', { fail: { status: 503, count: 20, path: '/procedures/' } });
      await page.getByRole('button', { name: 'Send answer' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'The answer did not go through' });
      await expect(alert).toBeVisible({ timeout: 30_000 });
      await expect(alert).toContainText('Nothing was lost');
      await expect(page.getByRole('radio', { name: 'Arrived late' })).toBeChecked();
      await expect(page.getByLabel('Refund amount (USD)')).toHaveValue('7.25');
      await expectAccessible(page);
      await snap(page, testInfo, 'step-not-delivered');
    } finally {
      await simControl('faults', undefined, 'DELETE');
    }
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByText('The run continues', { exact: true })).toBeVisible();
    await expectRunCompletes(request, run.conversationId);

    const forbidden = await runToStep(request, PROCEDURE_IDS.planUpgrade, { name: 'Flo Forbidden' });
    await page.goto(`/inbox/${forbidden.stepId}`);
    await page.getByLabel('Number of seats').fill('4');
    await page.getByLabel('Upgrade takes effect').fill('2026-09-01T10:00');
    try {
      await simControl('faults', { hitl_forbidden: true });
      await page.getByRole('button', { name: 'Send answer' }).click();
      const refused = page.getByRole('alert').filter({ hasText: 'Fin did not allow this answer (403)' });
      await expect(refused).toBeVisible({ timeout: 30_000 });
      await expect(refused).toContainText('write_conversations');
      await expect(page.getByRole('button', { name: 'Send answer' })).toBeDisabled();
      await expectAccessible(page);
      await snap(page, testInfo, 'step-forbidden');
    } finally {
      await simControl('faults', undefined, 'DELETE');
    }
  });

  test('two teammates racing on one step: claims show live, one answer wins, the other is told', async ({
    request,
    signedInAs,
  }, testInfo) => {
    const run = await runToStep(request, PROCEDURE_IDS.refund, { reply: `R-${unique()}`, name: 'Rae Race' });
    const { page: a } = await signedInAs('lead');
    const { page: b } = await signedInAs('agent');
    await a.goto(`/inbox/${run.stepId}`);
    await b.goto(`/inbox/${run.stepId}`);

    await a.getByRole('button', { name: 'Claim' }).click();
    await expect(
      a.getByText(/Claimed by you · lapses in 4:\d\d|Claimed by you · lapses in 5:00/),
    ).toBeVisible();
    await expect(b.getByText(DEMO.lead.name, { exact: true })).toBeVisible();
    await expect(b.getByText(/is working on this step/).first()).toBeVisible();
    await expect(b.getByRole('button', { name: 'Send answer' })).toBeDisabled();
    await expectAccessible(b);
    await snap(b, testInfo, 'race-claimed-by-other');
    await a.getByRole('button', { name: 'Release' }).click();
    await expect(b.getByRole('button', { name: 'Send answer' })).toBeEnabled();

    // Live updates are cut first, so neither page can learn of the other's answer before clicking.
    for (const p of [a, b]) {
      await p.route('**/api/hitl-steps/stream', (route) => route.abort());
      await p.reload();
      await fillRefund(p, { approve: 'No', reason: 'Changed mind', amount: '10' });
    }
    await Promise.all([
      a.getByRole('button', { name: 'Send answer' }).click(),
      b.getByRole('button', { name: 'Send answer' }).click(),
    ]);

    const continues = (p: Page) => p.getByText('The run continues', { exact: true });
    await expect
      .poll(async () => (await continues(a).count()) + (await continues(b).count()), { timeout: 20_000 })
      .toBe(1);
    const [winner, loser, winnerName] = (await continues(a).count())
      ? [a, b, DEMO.lead.name]
      : [b, a, DEMO.agent.name];
    await expect(winner.getByRole('heading', { name: `Answered by ${winnerName}` })).toBeVisible();
    await expect(
      loser.getByRole('alert').filter({ hasText: `Already answered by ${winnerName}` }),
    ).toBeVisible();
    await expect(loser.getByText('Your answer was not sent.')).toBeVisible();
    await expect(loser.getByRole('heading', { name: `Answered by ${winnerName}` })).toBeVisible();
    await expectAccessible(loser);
    await snap(loser, testInfo, 'race-loser');
    await snap(winner, testInfo, 'race-winner');

    expect(await callbackCalls(request, run)).toHaveLength(1);
  });

  test('a step arriving while the inbox is open appears without a reload, notifies when asked to, and leaves once answered', async ({
    page,
    request,
  }, testInfo) => {
    await page.addInitScript(() => {
      const w = window as unknown as { notes: { title: string; body?: string }[]; asked: number };
      w.notes = [];
      w.asked = 0;
      class RecordingNotification {
        static permission: NotificationPermission = 'default';
        static async requestPermission() {
          w.asked++;
          RecordingNotification.permission = 'granted';
          return 'granted' as const;
        }
        onclick: (() => void) | null = null;
        constructor(title: string, options?: NotificationOptions) {
          w.notes.push({ title, body: options?.body });
        }
        close() {}
      }
      Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true });
    });
    await page.goto('/inbox');
    await expect(page.getByRole('status', { name: 'Live updates: Live' })).toBeVisible();
    const asked = () => page.evaluate(() => (window as unknown as { asked: number }).asked);
    expect(await asked()).toBe(0);
    const toggle = page.getByRole('switch', { name: 'Desktop notifications' });
    await toggle.click();
    await expect(toggle).toBeChecked();
    expect(await asked()).toBe(1);

    // The end user's trigger message lets the inbox name them whether or not the step is linked.
    const conversationId = await startRun(request, PROCEDURE_IDS.planUpgrade, {
      name: 'Lou Live',
      message: 'Please add seats to our plan',
    });
    const step = await pendingStepOf(request, conversationId);
    const row = rowFor(page, step.step_id);
    await expect(row).toBeVisible();
    await expect(row).toContainText('Lou Live');
    await expect(row).toContainText('How many seats should the upgrade include');
    await snap(page, testInfo, 'inbox-live-arrival');
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { notes: { title: string }[] }).notes.map((n) => n.title)),
      )
      .toContain('New HITL step: Plan upgrade');

    const res = await request.post(`/api/hitl-steps/${step.step_id}/submit`, {
      data: {
        teammate: 'Elsewhere',
        attribute_values: step.attributes.map((a) => ({
          identifier: a.identifier,
          value: a.data_type === 'integer' ? 5 : '2026-07-01T10:00:00Z',
        })),
      },
    });
    expect(res.ok(), await res.text()).toBe(true);
    await expect(row).toHaveCount(0);
  });

  test('an expired step says so and cannot be answered', async ({ page, request }, testInfo) => {
    await page.clock.install();
    const run = await runToStep(request, PROCEDURE_IDS.accountDeletion, { name: 'Del Eter' });
    await page.goto('/inbox');
    const row = rowFor(page, run.stepId);
    await expect(row).toContainText(/expires in 1[45] min/, { timeout: 30_000 });
    await expect(row.getByRole('button', { name: /^Claim/ })).toBeVisible();

    await simControl('clock', { advance_ms: 15 * 60_000 + 5_000 });
    await page.clock.fastForward('15:10');
    await expect(row.getByText('Expired')).toBeVisible();
    await expect(row.getByRole('button', { name: /^Claim/ })).toHaveCount(0);
    await snap(page, testInfo, 'inbox-expired-row');

    await row.getByRole('link').first().click();
    await expect(page.getByText('This step has expired', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send answer' })).toBeDisabled();
    await expectAccessible(page);
    await snap(page, testInfo, 'step-expired');

    const res = await request.post(`/api/hitl-steps/${run.stepId}/submit`, {
      data: {
        teammate: 'Eve Expiry',
        attribute_values: [
          { identifier: 'workflow_local_variables.ec3f367f-c7f2-4b17-8852-d13a8b0e3113', value: true },
          {
            identifier: 'workflow_local_variables.5849b803-b5b0-426d-b5c6-d501bac0b6a4',
            value: 'Passport seen',
          },
        ],
      },
    });
    expect([404, 410]).toContain(res.status());
    expect(await res.text()).toMatch(/expired/i);
  });

  test('j / k move through the pending steps and Enter opens one, announced as it goes', async ({
    page,
    request,
  }, testInfo) => {
    // Trigger messages name the end users in the steps' recent messages, hence in the announcements.
    await runToStep(request, PROCEDURE_IDS.planUpgrade, { name: 'Kay One', message: 'Upgrade us, please' });
    await runToStep(request, PROCEDURE_IDS.planUpgrade, { name: 'Kay Two', message: 'Upgrade us too' });
    await page.goto('/inbox');
    const links = page.getByRole('list', { name: 'Pending steps' }).getByRole('listitem').getByRole('link');
    await expect(links.nth(1)).toBeVisible();
    await page.getByLabel('Sort').selectOption('newest');
    await expect(links.nth(0)).toHaveText(
      'How many seats should the upgrade include, and when should it take effect?',
    );
    const announcer = page.locator('[aria-live="polite"]').filter({ hasText: /^Step \d+ of \d+/ });

    await page.keyboard.press('j');
    await expect(links.nth(0)).toBeFocused();
    await expect(announcer).toContainText(/^Step 1 of \d+: Plan upgrade, Kay Two\./);
    await page.keyboard.press('j');
    await expect(links.nth(1)).toBeFocused();
    await expect(announcer).toContainText(/^Step 2 of \d+: Plan upgrade, Kay One\./);
    await page.keyboard.press('k');
    await expect(links.nth(0)).toBeFocused();
    await snap(page, testInfo, 'inbox-keyboard-selection');
    const href = await links.nth(0).getAttribute('href');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('How many seats');
  });

  test('the inbox and a step page read well in the dark theme', async ({ page, request }, testInfo) => {
    await withTheme(page, 'dark');
    const run = await runToStep(request, PROCEDURE_IDS.priorityCallback, { name: 'Nico Night' });
    await page.goto('/inbox');
    await expect(page.locator('html')).toHaveClass(/dark/);
    await expect(rowFor(page, run.stepId)).toBeVisible();
    await rowFor(page, run.stepId)
      .getByRole('button', { name: /^Claim/ })
      .click();
    await expect(rowFor(page, run.stepId).getByText('Claimed by you')).toBeVisible();
    await expectAccessible(page);
    await snap(page, testInfo, 'inbox-dark');
    await page.goto(`/inbox/${run.stepId}`);
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByText('Choose one of the options.')).toBeVisible();
    await expectAccessible(page);
    await snap(page, testInfo, 'step-dark-invalid');
  });

  test('a step no run clearly fits is "Not linked"; a lead links it to its run, whose timeline then shows it', async ({
    page,
    request,
  }, testInfo) => {
    // Another run of the same procedure is still waiting, and its own step was marked as no run's:
    // neither step names an end user, so nothing tells the new step's run from that one.
    const other = await runToStep(request, PROCEDURE_IDS.planUpgrade, { name: 'Otto Other' });
    const unlink = await request.put(`/api/hitl-steps/${other.stepId}/link`, {
      data: { conversation_id: null },
    });
    expect(unlink.ok(), await unlink.text()).toBe(true);
    const run = await runToStep(request, PROCEDURE_IDS.planUpgrade, { name: 'Lin Kerr' });

    await page.goto('/inbox');
    const row = rowFor(page, run.stepId);
    await expect(row).toContainText(run.intercomId);
    await expect(row).toContainText('Not linked');
    await expect(rowFor(page, other.stepId)).toContainText('Not linked');

    await page.goto(`/inbox/${run.stepId}`);
    const panel = page.getByRole('region', { name: 'Run' });
    await expect(panel).toContainText('Not linked');
    await expect(panel).toContainText('No run of this console is clearly this step’s');
    await expect(
      page.getByRole('link', { name: /Open the conversation in Intercom/ }).first(),
    ).toHaveAttribute('target', '_blank');
    await expect(page.getByRole('link', { name: 'Open the live conversation' })).toHaveCount(0);

    // The lead sees both waiting runs as candidates, with why each fits, and picks the right one.
    await panel.getByRole('button', { name: 'Link to a run' }).click();
    const choices = panel.getByRole('group', { name: 'Which run is this step from?' });
    const mine = choices.getByRole('radio', { name: new RegExp(run.conversationId) });
    await expect(mine).toBeVisible();
    await expect(choices.getByRole('radio', { name: new RegExp(other.conversationId) })).toBeVisible();
    await expect(choices).toContainText("The step's recent messages name no end user");
    await expectAccessible(page);
    await snap(page, testInfo, 'step-not-linked-candidates');
    await mine.check();
    await panel.getByRole('button', { name: 'Save link' }).click();
    await expect(panel).toContainText('Linked by hand');
    await expect(panel).toContainText(`This step belongs to run ${run.conversationId}.`);
    await expect(panel).toContainText(`Linked by ${LEAD}`);
    await expect(page.getByRole('link', { name: 'Open the live conversation' })).toHaveAttribute(
      'href',
      `/conversations/${run.conversationId}`,
    );
    await expectAccessible(page);
    await snap(page, testInfo, 'step-linked-by-hand');
    expect(await linkOf(request, run)).toBe('manual');

    await page.getByRole('link', { name: 'Open the live conversation' }).click();
    await expect(page).toHaveURL(new RegExp(`/conversations/${run.conversationId}$`));
    await expect(page.getByRole('link', { name: 'Answer in the HITL inbox' })).toHaveAttribute(
      'href',
      `/inbox/${run.stepId}`,
    );
    await expect(page.getByText(/Paused until a teammate answers the step/)).toBeVisible();
    await expectAccessible(page);
    await snap(page, testInfo, 'timeline-step-linked-by-hand');
  });

  test('kinds the simulator never sends: a long list as a select, an unknown type as labelled free text', async ({
    page,
  }, testInfo) => {
    const options = ['Bronze', 'Silver', 'Gold', 'Platinum', 'Diamond', 'Titanium'].map((label, i) => ({
      id: `tier-${i}`,
      label,
    }));
    const step = hitlStep({
      step_id: 'kinds-step',
      conversation_id: '215400000000001',
      external_conversation_id: null,
      link: null,
      procedure_name: 'Loyalty review',
      hitl_question: 'Which tier should the customer move to?',
      attributes: [
        {
          type: 'data_attribute',
          identifier: 'workflow_local_variables.tier',
          name: 'Tier',
          label: 'New tier',
          data_type: 'list',
          options,
        },
        {
          type: 'data_attribute',
          identifier: 'workflow_local_variables.colour',
          name: 'Colour',
          label: 'Card colour',
          data_type: 'colour',
        },
      ],
      priority: 'not_priority',
      assign_to: null,
      conversation_url: 'https://app.intercom.com/a/inbox/x/conversation/215400000000001',
      recent_messages: [],
      received_at: new Date().toISOString(),
    });
    let sent: unknown = null;
    let attempts = 0;
    await page.route('**/api/hitl-steps/kinds-step', (route) => route.fulfill({ json: step }));
    await page.route('**/api/hitl-steps/kinds-step/submit', async (route) => {
      sent = route.request().postDataJSON();
      // The first answer is refused the way the console API refuses values: an error.list naming the field.
      if (attempts++ === 0) {
        return route.fulfill({
          status: 400,
          json: {
            type: 'error.list',
            request_id: null,
            errors: [
              {
                code: 'parameter_invalid',
                message: 'Card colour must be one the card printer knows',
                field: 'attribute_values.workflow_local_variables.colour',
              },
            ],
          },
        });
      }
      await route.fulfill({
        json: {
          ...step,
          status: 'submitted',
          answered_by: 'Kim Kinds',
          answered_at: new Date().toISOString(),
          attribute_values: (sent as { attribute_values: HitlStep['attribute_values'] }).attribute_values,
        },
      });
    });
    await page.goto('/inbox/kinds-step');
    const tier = page.getByRole('combobox', { name: 'New tier' });
    await expect(tier).toBeVisible();
    await expect(
      page.getByText(
        'Type "colour" is not known to this console; the value is sent as text, or as JSON when you enter JSON.',
      ),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: /Open the conversation in Intercom/ }).first(),
    ).toHaveAttribute('target', '_blank');
    await tier.selectOption({ label: 'Platinum' });
    await page.getByRole('textbox', { name: 'Card colour' }).fill('  teal ');
    await expectAccessible(page);
    await snap(page, testInfo, 'step-select-and-unknown');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByText('Card colour must be one the card printer knows')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Card colour' })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('textbox', { name: 'Card colour' })).toBeFocused();
    await snap(page, testInfo, 'step-server-field-error');
    await page.getByRole('textbox', { name: 'Card colour' }).fill('teal');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByRole('heading', { name: 'Answered by Kim Kinds' })).toBeVisible();
    // No name in the body: the server records the signed-in teammate.
    expect(sent).toEqual({
      attribute_values: [
        { identifier: 'workflow_local_variables.tier', value: 'tier-3' },
        { identifier: 'workflow_local_variables.colour', value: 'teal' },
      ],
    });
    await expect(page.getByRole('definition').filter({ hasText: 'Platinum' })).toBeVisible();
  });

  test('loading, empty and error states are designed', async ({ page }, testInfo) => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    await page.route('**/api/hitl-steps?status=pending', async (route) => {
      await gate;
      await route.fulfill({ json: [] });
    });
    await page.goto('/inbox');
    await expect(page.getByRole('status', { name: 'Loading pending steps' })).toBeVisible();
    await expectAccessible(page);
    await snap(page, testInfo, 'inbox-loading');
    release();
    await expect(page.getByRole('heading', { name: 'Nothing waiting' })).toBeVisible();
    await expectAccessible(page);
    await snap(page, testInfo, 'inbox-empty');

    await page.unroute('**/api/hitl-steps?status=pending');
    await page.route('**/api/hitl-steps?status=pending', (route) =>
      route.fulfill({
        status: 500,
        json: {
          type: 'error.list',
          request_id: null,
          errors: [{ code: 'server_error', message: 'The store is unavailable' }],
        },
      }),
    );
    await page.reload();
    await expect(page.getByRole('heading', { name: 'The inbox could not be loaded' })).toBeVisible();
    await expect(page.getByText('The store is unavailable')).toBeVisible();
    await expectAccessible(page);
    await snap(page, testInfo, 'inbox-error');
    await page.unroute('**/api/hitl-steps?status=pending');
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: 'The inbox could not be loaded' })).toHaveCount(0);

    await page.goto('/inbox/no-such-step');
    await expect(page.getByRole('heading', { name: 'This step does not exist' })).toBeVisible();
    await expectAccessible(page);
  });
});
