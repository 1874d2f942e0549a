import AxeBuilder from '@axe-core/playwright';

import { expect, signIn, taskRow, test } from './support/fixtures.ts';

/** Violations of these impacts fail the test; minor and moderate ones are reported only. */
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

async function blockingViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  // Guards against a silent no-op: axe always passes some rules on a real page.
  expect(results.passes.length).toBeGreaterThan(10);
  for (const violation of results.violations) {
    console.log(`axe ${violation.impact}: ${violation.id} (${violation.nodes.length} nodes): ${violation.help}`);
  }
  return results.violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? '')).map((violation) => violation.id);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`sign-in page passes axe (${colorScheme})`, async ({ page, server }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${server.url}/sign-in`);
    await expect(page.getByRole('heading', { name: 'Sign in to Tickwork' })).toBeVisible();

    expect(await blockingViolations(page)).toEqual([]);
  });

  test(`task list passes axe (${colorScheme})`, async ({ page, server }) => {
    await page.emulateMedia({ colorScheme });
    await signIn(page, server);
    await expect(taskRow(page, 'Long task')).toBeVisible();
    await taskRow(page, 'Failing task').getByRole('button', { name: 'Start Failing task' }).click();
    await expect(taskRow(page, 'Failing task').getByText('Failed', { exact: true })).toBeVisible();

    expect(await blockingViolations(page)).toEqual([]);
  });

  test(`task page with a run passes axe (${colorScheme})`, async ({ page, server }) => {
    await page.emulateMedia({ colorScheme });
    await signIn(page, server);
    await taskRow(page, 'Failing task').getByRole('link', { name: 'Failing task' }).click();
    await page.getByRole('main').getByRole('button', { name: 'Start', exact: true }).click();
    const history = page.getByRole('region', { name: 'Run history' });
    await history.getByRole('row').nth(1).getByRole('link').click();
    await expect(page.getByRole('region', { name: /^Run of / }).getByText('about to fail')).toBeVisible();
    await page.getByRole('region', { name: 'Triggers' }).getByRole('button', { name: 'Add trigger' }).click();

    expect(await blockingViolations(page)).toEqual([]);
  });

  test(`settings and activity pass axe (${colorScheme})`, async ({ page, server }) => {
    await page.emulateMedia({ colorScheme });
    await signIn(page, server);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByLabel('New key name').fill(`axe ${colorScheme}`);
    await keys.getByRole('button', { name: 'Create key' }).click();
    await expect(keys.getByTestId('new-api-key-token')).toBeVisible();
    expect(await blockingViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Activity', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
    expect(await blockingViolations(page)).toEqual([]);
  });
}

test('task list works by keyboard', async ({ page, server }) => {
  await signIn(page, server);
  const start = taskRow(page, 'Failing task').getByRole('button', { name: 'Start Failing task' });
  await expect(start).toBeVisible();

  await start.focus();
  await page.keyboard.press('Enter');

  await expect(taskRow(page, 'Failing task').getByText('Failed', { exact: true })).toBeVisible();
});
