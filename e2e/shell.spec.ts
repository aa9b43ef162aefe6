import { expect, expectAccessible, snap, test } from './fixtures';

const pages = [
  { link: 'Catalogue', path: '/', heading: 'Capabilities catalogue' },
  { link: 'Procedures', path: '/procedures', heading: 'Procedures' },
  { link: 'Conversations', path: '/conversations', heading: 'Conversations' },
  { link: 'HITL inbox', path: '/inbox', heading: 'HITL inbox' },
  { link: 'Insights', path: '/insights', heading: 'Insights' },
  { link: 'Settings', path: '/settings', heading: 'Settings' },
];

for (const p of pages) {
  test(`the navigation reaches ${p.link}, marks it current, and the page is accessible`, async ({ page }, testInfo) => {
    await page.goto(p.path === '/' ? '/settings' : '/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: p.link }).click();
    await expect(page).toHaveURL(new RegExp(`${p.path === '/' ? '/$' : p.path}`));
    await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
    await expect(page.getByRole('link', { name: p.link })).toHaveAttribute('aria-current', 'page');
    await expectAccessible(page);
    await snap(page, testInfo, `page-${p.link.toLowerCase().replace(/\W+/g, '-')}`);
  });
}

test('the dark theme applies and persists across a reload', async ({ page }, testInfo) => {
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expectAccessible(page);
  await snap(page, testInfo, 'settings-dark');
});

test('the skip link moves keyboard focus to the main content', async ({ page }) => {
  await page.goto('/conversations');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});
