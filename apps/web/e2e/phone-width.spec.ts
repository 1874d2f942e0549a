import { expect, signIn, taskRow, test } from './support/fixtures.ts';

test.use({ viewport: { width: 360, height: 740 } });

/** Returns how many pixels the page is wider than the viewport; 0 means no sideways scrolling. */
function horizontalOverflow(page: import('@playwright/test').Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test('pages fit a phone width', async ({ page, server }) => {
  await signIn(page, server);
  await taskRow(page, 'Failing task').getByRole('button', { name: 'Start Failing task' }).click();
  await expect(taskRow(page, 'Failing task').getByText('Failed', { exact: true })).toBeVisible();
  expect(await horizontalOverflow(page)).toBe(0);

  await taskRow(page, 'Failing task').getByRole('link', { name: 'Failing task' }).click();
  await page.getByRole('region', { name: 'Triggers' }).getByRole('button', { name: 'Add trigger' }).click();
  await page.getByRole('form', { name: 'Add a trigger' }).getByLabel('Trigger type').selectOption('interval');
  await page.getByRole('form', { name: 'Add a trigger' }).getByLabel('Every').selectOption('Custom…');
  await expect(page.getByRole('region', { name: 'Run history' }).getByRole('row').nth(1)).toBeVisible();
  expect(await horizontalOverflow(page)).toBe(0);

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('region', { name: 'API keys' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Nodes' }).getByText('this node', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Libraries' }).getByTestId('library-source')).toBeVisible();
  expect(await horizontalOverflow(page)).toBe(0);
});
