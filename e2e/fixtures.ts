import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

export const SIM_URL = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4110}`;

/** Saves a full-page screenshot under the test's output folder and attaches it to the report. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** Runs axe on the page and fails on any serious or critical violation, naming each one. */
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  expect(serious, 'serious accessibility violations').toEqual([]);
}

/** Drives the simulator's control plane (faults, clock, reset) the way the tests need. */
export async function simControl(path: string, body?: unknown, method = 'POST') {
  const res = await fetch(`${SIM_URL}/_sim/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sim ${path}: ${res.status}`);
  return res.json().catch(() => null);
}

export const test = base;
export { expect };
