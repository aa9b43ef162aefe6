import { expect as baseExpect, type Page } from '@playwright/test';

/** The stack can be slow on a busy machine: live updates get a little longer than the default. */
export const expect = baseExpect.configure({ timeout: 20_000 });

export interface EndUser {
  id: string;
  name?: string;
  email?: string;
  attributes?: Record<string, string>;
}

export interface RunOptions {
  conversationId?: string;
  message?: string;
  attributes?: Record<string, string>;
}

export class CataloguePage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Capabilities catalogue' })).toBeVisible();
  }

  /** Fills the end user picker and shows that user's catalogue. */
  async pickUser(user: EndUser) {
    const form = this.page.getByRole('form', { name: 'End user' });
    await form.getByRole('textbox', { name: 'User id', exact: true }).fill(user.id);
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill(user.name ?? '');
    await form.getByRole('textbox', { name: 'Email', exact: true }).fill(user.email ?? '');
    // Start from no attribute rows (the form holds the previous user's).
    const remove = form.getByRole('button', { name: /^Remove attribute/ });
    while ((await remove.count()) > 0) await remove.first().click();
    const attributes = Object.entries(user.attributes ?? {});
    for (let i = 0; i < attributes.length; i++) {
      const [name, value] = attributes[i]!;
      await form.getByRole('button', { name: 'Add attribute' }).click();
      await form.getByRole('textbox', { name: `Attributes ${i + 1} name`, exact: true }).fill(name);
      await form.getByRole('textbox', { name: `Attributes ${i + 1} value`, exact: true }).fill(value);
    }
    await form.getByRole('button', { name: 'Show capabilities' }).click();
    await expect(this.procedures()).toBeVisible();
  }

  /** The quick pick of one of the simulator's seeded end users, e.g. ("VIP", "Sofia Almeida"). */
  sample(tier: string, name: string) {
    return this.page
      .getByRole('list', { name: 'Sample end users' })
      .getByRole('button', { name: new RegExp(`^${tier}\\W+${name}$`) });
  }

  async pickSample(tier: string, name: string) {
    await this.sample(tier, name).click();
    await expect(this.procedures()).toBeVisible();
  }

  procedures() {
    return this.page.getByRole('list', { name: 'Procedures' });
  }

  async openRun(procedureName: string) {
    await this.page.getByRole('button', { name: `Run ${procedureName}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Run “${procedureName}”` });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** Opens the catalogue, picks `user` and runs a procedure for them; returns the conversation id. */
  async runFor(user: EndUser, procedureName: string, opts: RunOptions = {}) {
    await this.open();
    await this.pickUser(user);
    return this.run(procedureName, opts);
  }

  /** Runs a procedure and lands on its conversation; returns the conversation id. */
  async run(procedureName: string, opts: RunOptions = {}) {
    const dialog = await this.openRun(procedureName);
    if (opts.conversationId) await dialog.getByLabel('Conversation id').fill(opts.conversationId);
    if (opts.message) await dialog.getByLabel('Trigger message (optional)').fill(opts.message);
    const attributes = Object.entries(opts.attributes ?? {});
    for (let i = 0; i < attributes.length; i++) {
      const [name, value] = attributes[i]!;
      await dialog.getByRole('button', { name: 'Add conversation attribute' }).click();
      await dialog
        .getByRole('textbox', { name: `Conversation attributes ${i + 1} name`, exact: true })
        .fill(name);
      await dialog
        .getByRole('textbox', { name: `Conversation attributes ${i + 1} value`, exact: true })
        .fill(value);
    }
    const id = await dialog.getByLabel('Conversation id').inputValue();
    await dialog.getByRole('button', { name: 'Run procedure' }).click();
    await expect(this.page).toHaveURL(new RegExp(`/conversations/${id}$`));
    return id;
  }
}

export class ConversationPage {
  constructor(readonly page: Page) {}

  timeline() {
    return this.page.getByRole('log', { name: 'Timeline' });
  }

  async expectStatus(label: string, timeout = 15_000) {
    await expect(this.page.getByRole('status').filter({ hasText: `Status: ${label}` })).toBeAttached({
      timeout,
    });
  }

  connection() {
    return this.page.getByTestId('connection-state');
  }

  composer() {
    return this.page.getByRole('form', { name: 'Reply as the user' });
  }

  async reply(text: string) {
    await this.composer().getByLabel('User’s reply').fill(text);
    await this.composer().getByRole('button', { name: 'Send reply' }).click();
  }
}

/** Fills a refund request step's form (the seeded Refund request procedure). */
export async function fillRefund(
  page: Page,
  answer: { approve: 'Yes' | 'No'; reason: string; amount: string },
) {
  await page
    .getByRole('radiogroup', { name: 'Approve refund' })
    .getByRole('radio', { name: answer.approve })
    .check();
  await page
    .getByRole('radiogroup', { name: 'Refund reason' })
    .getByRole('radio', { name: answer.reason })
    .check();
  await page.getByLabel('Refund amount (USD)').fill(answer.amount);
}

export class InsightsPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
  }

  /** Whole UTC days, both included (YYYY-MM-DD). */
  async chooseDays(from: string, to: string) {
    await this.page
      .getByRole('group', { name: 'Time range' })
      .getByRole('button', { name: 'Custom' })
      .click();
    const form = this.page.getByRole('form', { name: 'Custom range' });
    await form.getByLabel('From (UTC)').fill(from);
    await form.getByLabel('To (UTC, included)').fill(to);
    await form.getByRole('button', { name: 'Apply' }).click();
  }

  card(title: string) {
    return this.page.getByRole('region', { name: title, exact: true });
  }

  /** Opens a chart's table and returns it. */
  async table(title: string) {
    const card = this.card(title);
    await card.getByText('Table', { exact: true }).click();
    const table = card.getByRole('table', { name: title });
    await expect(table).toBeVisible();
    return table;
  }

  /** The summary tile's value (Runs, Resolved, …). */
  tile(label: string) {
    return this.page.locator(`xpath=//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);
  }
}

/** The full-screen presenter replay of one conversation. */
export class ReplayPage {
  constructor(readonly page: Page) {}

  async open(conversationId: string) {
    await this.page.goto(`/conversations/${encodeURIComponent(conversationId)}/replay`);
    await expect(this.controls()).toBeVisible();
  }

  controls() {
    return this.page.getByRole('toolbar', { name: 'Replay controls' });
  }

  scrubber() {
    return this.controls().getByRole('slider', { name: 'Position' });
  }

  steps() {
    return this.page.getByRole('list', { name: 'Conversation so far' }).locator(':scope > li');
  }

  currentStep() {
    return this.steps().and(this.page.locator('[aria-current="step"]'));
  }

  /** The HITL decision shown as the teammate saw it (only while it is the current step). */
  decisionForm() {
    return this.currentStep().getByRole('form', { name: "The teammate's form" });
  }

  notes() {
    return this.page.getByRole('complementary', { name: 'Presenter note' });
  }

  async expectAt(step: number, of?: number) {
    await expect(this.scrubber()).toHaveAttribute(
      'aria-valuetext',
      new RegExp(`^Step ${step} of ${of ?? '\\d+'}:`),
    );
  }

  /** Steps forward with → until the current step is a HITL decision; returns its number. */
  async nextToDecision(max = 20) {
    for (let i = 0; i < max; i++) {
      if ((await this.decisionForm().count()) > 0) break;
      await this.page.keyboard.press('ArrowRight');
    }
    await expect(this.decisionForm()).toBeVisible();
    const text = (await this.scrubber().getAttribute('aria-valuetext')) ?? '';
    return Number(/^Step (\d+)/.exec(text)?.[1]);
  }

  async setSpeed(speed: 1 | 2 | 4) {
    const button = this.controls()
      .getByRole('group', { name: 'Speed' })
      .getByRole('button', { name: `${speed}×` });
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
  }

  async writeNote(step: number, text: string) {
    await this.page.getByRole('textbox', { name: `Note for step ${step}` }).fill(text);
    await this.page.getByRole('button', { name: 'Save note' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  }
}

/** The Share dialog of a conversation page: makes a link and reads its URL (shown once). */
export class ShareDialogPart {
  constructor(readonly page: Page) {}

  dialog() {
    return this.page.getByRole('dialog');
  }

  async makeLink(opts: { expires: '1 hour' | '1 day' | '7 days' | '30 days'; redact?: boolean }) {
    await this.page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = this.dialog();
    await expect(dialog.getByRole('heading', { name: 'Share a replay' })).toBeVisible();
    await dialog.getByRole('radio', { name: opts.expires }).check();
    const redact = dialog.getByRole('switch', { name: 'Redact the end user’s personal data' });
    await expect(redact).toHaveAttribute('aria-checked', 'true');
    if (opts.redact === false) await redact.click();
    await dialog.getByRole('button', { name: 'Make link' }).click();
    const url = dialog.getByTestId('share-url');
    await expect(url).toBeVisible();
    return (await url.textContent())!.trim();
  }
}

/** Settings → Share links: the list and its Revoke confirmation. */
export class ShareLinksSettings {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/settings');
    await expect(this.panel()).toBeVisible();
  }

  panel() {
    return this.page.getByRole('region', { name: 'Share links' });
  }

  row(title: string) {
    return this.panel().getByRole('row').filter({ hasText: title });
  }

  async revoke(title: string) {
    await this.row(title)
      .getByRole('button', { name: /^Revoke/ })
      .click();
    const confirm = this.page.getByRole('dialog');
    await confirm.getByRole('button', { name: 'Revoke link' }).click();
    await expect(confirm).toBeHidden();
    await expect(this.row(title).getByText('Revoked', { exact: true })).toBeVisible();
  }
}

export class ProceduresPage {
  constructor(readonly page: Page) {}

  async open(id?: string) {
    await this.page.goto(id ? `/procedures/${id}` : '/procedures');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Procedures' })).toBeVisible();
  }

  list() {
    return this.page.getByRole('navigation', { name: 'Procedures' });
  }

  /** The flow graph, once elk has laid it out. */
  flow() {
    return this.page.locator('[data-testid="flow-graph"][data-laid-out="true"]');
  }

  nodes() {
    return this.flow().getByTestId('flow-node');
  }

  editor() {
    return this.page.getByRole('textbox', { name: /^Procedure definition/ });
  }

  /** Replaces the editor's text as if typed (one input, so brackets are not auto-closed). */
  async setText(text: string) {
    await this.editor().click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  problems() {
    return this.page.getByRole('list', { name: 'Problems' });
  }

  /** Loads a definition through the Import button's file input. */
  async importFile(name: string, text: string) {
    const mimeType = name.endsWith('.json') ? 'application/json' : 'application/yaml';
    await this.page.getByLabel('Procedure file').setInputFiles({ name, mimeType, buffer: Buffer.from(text) });
  }
}

export class ScenariosPage {
  constructor(readonly page: Page) {}

  suites() {
    return this.page.getByRole('navigation', { name: 'Suites' });
  }

  scenarioRows() {
    return this.page.getByRole('table', { name: 'Scenarios' }).locator('tbody tr');
  }

  /** The run shown on the suite (the one just started, or the latest). */
  run() {
    return this.page.getByTestId('scenario-run');
  }

  /** Runs the whole suite and waits for the run to finish with `status`. */
  async runSuite(status: 'passed' | 'failed', timeout = 60_000) {
    const before = (await this.run().count()) ? await this.run().getAttribute('data-run-id') : null;
    await this.page.getByRole('button', { name: 'Run suite' }).click();
    if (before) await expect(this.run()).not.toHaveAttribute('data-run-id', before, { timeout });
    await expect(this.run()).toHaveAttribute('data-status', status, { timeout });
  }

  result(name: string) {
    return this.run().getByTestId('scenario-result').filter({ hasText: name });
  }

  async openTab(name: 'Scenarios' | 'History' | 'Suite file') {
    await this.page.getByRole('tab', { name }).click();
  }

  editor() {
    return this.page.getByRole('textbox', { name: 'Suite file (YAML or JSON)' });
  }

  /** Rewrites the suite's text with `edit` in the editor (not saved yet). */
  async editSuite(edit: (text: string) => string) {
    await this.openTab('Suite file');
    const text = await this.editor().inputValue();
    await this.editor().fill(edit(text));
  }

  async saveSuite(name: string) {
    await this.page.getByRole('button', { name: 'Save suite' }).click();
    await expect(this.page.getByText(`Saved “${name}”`, { exact: true })).toBeVisible();
  }
}

/** A run beside one of its what-if forks. */
export class ForkComparePage {
  constructor(readonly page: Page) {}

  firstDifference() {
    return this.page.getByTestId('first-difference');
  }

  rows() {
    return this.page.locator('li[data-compare-row]');
  }

  divergence() {
    return this.rows().and(this.page.locator('[data-divergence]'));
  }

  shared() {
    return this.rows().and(this.page.locator('[data-shared]'));
  }
}
