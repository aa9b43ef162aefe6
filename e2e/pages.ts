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
