import { KNOWN_DATA_TYPES } from '@/lib/fin';
import { checkpoint, pendingStepOf, test } from './fixtures';
import { expect, FLOW_TIMEOUT, uid } from './lead-helpers';

test.describe.configure({ timeout: FLOW_TIMEOUT });

const ATTRIBUTES = {
  string: { key: 'note', label: 'Note for the customer' },
  integer: { key: 'units', label: 'Units to send' },
  decimal: { key: 'credit', label: 'Credit (USD)' },
  boolean: { key: 'approve', label: 'Approve it' },
  list: { key: 'speed', label: 'Shipping speed' },
  datetime: { key: 'ship_at', label: 'Ship at' },
} as const satisfies Record<(typeof KNOWN_DATA_TYPES)[number], { key: string; label: string }>;

/** A definition with every step kind and every HITL data type, as YAML; `goto` is the approved case's target. */
function definition(name: string, goto = 'thanks') {
  const attributes = KNOWN_DATA_TYPES.map((type, i) => {
    const a = ATTRIBUTES[type];
    return [
      `      - key: ${a.key}`,
      `        uuid: 7c9e6679-7425-40de-944b-e07fc1f90a${String(i).padStart(2, '0')}`,
      `        name: ${a.label}`,
      `        label: ${a.label}`,
      `        data_type: ${type}`,
      ...(type === 'list'
        ? [
            '        options:',
            '          - { id: std, label: Standard }',
            '          - { id: exp, label: Express }',
          ]
        : []),
    ].join('\n');
  });
  return `name: ${name}
description: Every step kind and every HITL data type.
live: true
api_trigger: true
csat: false
audience: []
steps:
  - id: greet
    kind: say
    html: <p>Hello from the studio.</p>
  - id: ask_order
    kind: ask_user
    question: <p>Which order is it about?</p>
    store: order_ref
  - id: review
    kind: hitl
    question: Send order {{order_ref}}?
    priority: priority
    assign_to: null
    attributes:
${attributes.join('\n')}
  - id: route
    kind: branch
    on: approve
    cases:
      - { op: eq, value: true, goto: ${goto} }
    otherwise: hand_over
  - id: thanks
    kind: say
    html: <p>Order {{order_ref}} is on its way.</p>
  - id: done
    kind: resolve
  - id: hand_over
    kind: escalate
    reason: Routed to team
`;
}

test('a lead writes a procedure with every step kind, sees it drawn, runs it and answers its HITL step', async ({
  page,
  request,
  catalogue,
  conversation,
  procedures,
}, testInfo) => {
  const name = `Studio demo ${uid('p')}`;
  // Runs are for the end user picked in the catalogue.
  await catalogue.open();
  await catalogue.pickUser({ id: uid('studio-user'), name: 'Sam Studio' });

  await procedures.open();
  await checkpoint(page, testInfo, 'procedures-who-sees-it');
  const who = page.getByRole('form', { name: 'Who sees it' });
  await who.getByRole('button', { name: 'Starter' }).click();
  const hidden = page.getByRole('list', { name: 'Procedures not listed' });
  await expect(hidden).toContainText('plan_type is "Starter"; needs one of Pro, Enterprise');
  await expect(page.getByRole('list', { name: 'Listed procedures' })).toContainText('Plan upgrade');
  await checkpoint(page, testInfo, 'procedures-who-sees-it-starter');

  await procedures
    .list()
    .getByRole('link', { name: /Refund request/ })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: 'Refund request' })).toBeVisible();
  await expect(procedures.nodes().first()).toBeVisible();
  await expect(page.getByText('Audience', { exact: true })).toBeVisible();
  await checkpoint(page, testInfo, 'procedure-builtin-flow');
  await page.getByRole('tab', { name: 'Steps' }).click();
  await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem').first()).toContainText(
    'Fin says',
  );
  await checkpoint(page, testInfo, 'procedure-builtin-steps');

  await page.getByRole('link', { name: 'New procedure' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New procedure' })).toBeVisible();
  await expect(procedures.nodes().first()).toBeVisible();
  await checkpoint(page, testInfo, 'procedure-new-starter');

  // A branch case that goes nowhere: the problem is listed at its line and marked in the gutter.
  await page.getByRole('button', { name: 'YAML', exact: true }).click();
  await procedures.setText(definition(name, 'nowhere'));
  const gotoLine =
    definition(name, 'nowhere')
      .split('\n')
      .findIndex((l) => l.includes('goto: nowhere')) + 1;
  const problem = procedures
    .problems()
    .getByRole('button', { name: `line ${gotoLine}: steps[3].cases[0].goto: no step has the id "nowhere"` });
  await expect(problem).toBeVisible();
  // Choosing the problem scrolls the editor to it, where the gutter marks the line.
  await problem.click();
  await expect(page.locator('.cm-lint-marker-error').first()).toBeVisible();
  await expect(page.locator('.cm-activeLine')).toContainText('goto: nowhere');
  await expect(page.getByRole('button', { name: 'Save procedure' })).toBeDisabled();
  await checkpoint(page, testInfo, 'procedure-editor-error');

  await procedures.importFile('studio.yaml', definition(name));
  await expect(page.getByText('No problems: the simulator will accept this definition.')).toBeVisible();
  await expect(procedures.nodes()).toHaveCount(7);
  for (const kind of ['say', 'ask_user', 'hitl', 'branch', 'resolve', 'escalate'])
    await expect(procedures.flow().locator(`[data-kind="${kind}"]`).first()).toBeVisible();
  for (const type of KNOWN_DATA_TYPES)
    await expect(procedures.flow().getByText(`${ATTRIBUTES[type].label}: ${type}`)).toBeVisible();
  await page.getByRole('button', { name: 'JSON', exact: true }).click();
  await expect(procedures.editor()).toContainText(`"name": "${name}"`);
  await checkpoint(page, testInfo, 'procedure-editor-valid');

  await page.getByRole('button', { name: 'Save procedure' }).click();
  await expect(page).toHaveURL(/\/procedures\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(procedures.list().getByRole('link', { name: new RegExp(name) })).toContainText('Saved');
  await expect(procedures.nodes()).toHaveCount(7);
  await checkpoint(page, testInfo, 'procedure-saved');

  await page.getByRole('button', { name: 'Run now' }).click();
  const dialog = page.getByRole('dialog', { name: `Run “${name}”` });
  await expect(dialog).toBeVisible();
  const id = await dialog.getByLabel('Conversation id').inputValue();
  await dialog.getByRole('button', { name: 'Run procedure' }).click();
  await expect(page).toHaveURL(new RegExp(`/conversations/${id}$`));
  await expect(conversation.timeline().getByText('Which order is it about?')).toBeVisible();
  await conversation.expectStatus('Awaiting user reply');
  await conversation.reply('A-77');

  const step = await pendingStepOf(request, id);
  await page.goto(`/inbox/${step.step_id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Send order A-77?' })).toBeVisible();
  await page.getByLabel(ATTRIBUTES.string.label).fill('Packed with care');
  await page.getByLabel(ATTRIBUTES.integer.label).fill('3');
  await page.getByLabel(ATTRIBUTES.decimal.label).fill('12.50');
  await page
    .getByRole('radiogroup', { name: ATTRIBUTES.boolean.label })
    .getByRole('radio', { name: 'Yes' })
    .check();
  await page
    .getByRole('radiogroup', { name: ATTRIBUTES.list.label })
    .getByRole('radio', { name: 'Express' })
    .check();
  await page.getByLabel(ATTRIBUTES.datetime.label).fill('2026-12-24T10:30');
  await checkpoint(page, testInfo, 'procedure-hitl-step');
  await page.getByRole('button', { name: 'Send answer' }).click();
  await expect(page.getByText('The run continues', { exact: true })).toBeVisible();

  await page.goto(`/conversations/${id}`);
  await expect(conversation.timeline().getByText('Order A-77 is on its way.')).toBeVisible();
  await conversation.expectStatus('Complete');
  await checkpoint(page, testInfo, 'procedure-run-complete');
});

test('a viewer reads a procedure and its definition but cannot change it', async ({
  signedInAs,
}, testInfo) => {
  const { page } = await signedInAs('viewer');
  await page.goto('/procedures/41008');
  await expect(page.getByRole('heading', { level: 2, name: 'Priority callback' })).toBeVisible();
  await expect(page.getByText('vip is true', { exact: true })).toBeVisible();
  await expect(
    page.locator('[data-testid="flow-graph"][data-laid-out="true"] [data-testid="flow-node"]').first(),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'New procedure' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run now' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export YAML' })).toBeVisible();
  await checkpoint(page, testInfo, 'procedure-viewer');

  await page.getByRole('link', { name: 'View definition' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Procedure definition' })).toBeVisible();
  await expect(page.getByText('Leads edit procedures')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save procedure' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: /^Procedure definition/ })).toHaveAttribute(
    'aria-readonly',
    'true',
  );
  await checkpoint(page, testInfo, 'procedure-viewer-definition');
});
