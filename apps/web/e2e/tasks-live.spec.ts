import { expect, signIn, taskRow, test } from './support/fixtures.ts';

test.beforeEach(async ({ page, server }) => {
  await signIn(page, server);
  await expect(taskRow(page, 'Long task')).toBeVisible();
  // A marker on window disappears on any reload or navigation, so tests can prove there was none.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
});

test.afterEach(async ({ page }) => {
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});

test('long task bar moves and finishes', async ({ page }) => {
  const row = taskRow(page, 'Long task');
  const bar = row.getByRole('progressbar', { name: 'Long task progress' });

  const clickedAt = Date.now();
  await row.getByRole('button', { name: 'Start Long task' }).click();
  await expect(bar).toHaveAttribute('aria-valuenow', /^[1-9]\d*$/);
  console.log(`progress bar first moved ${Date.now() - clickedAt} ms after the start click`);

  const first = Number(await bar.getAttribute('aria-valuenow'));
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(first + 10);
  await expect(row.getByText(/^\d+%$/)).toBeVisible();

  await expect(row.getByText('Completed')).toBeVisible({ timeout: 20_000 });
  await expect(row.getByText(/took \d+ s/)).toBeVisible();
  await expect(bar).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Start Long task' })).toBeEnabled();
});

test('stop shows stopping then cancelled', async ({ page }) => {
  const row = taskRow(page, 'Long task');
  await row.getByRole('button', { name: 'Start Long task' }).click();
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^[1-9]\d*$/);

  await row.getByRole('button', { name: 'Stop Long task' }).click();

  await expect(row.getByText('Stopping…')).toBeVisible();
  await expect(row.getByText('Cancelled')).toBeVisible({ timeout: 20_000 });
});

test('failed run shows failed status', async ({ page }) => {
  const row = taskRow(page, 'Failing task');
  await row.getByRole('button', { name: 'Start Failing task' }).click();

  await expect(row.getByText('Failed', { exact: true })).toBeVisible();
});

test('enabled switch turns a task off and on', async ({ page, server }) => {
  const row = taskRow(page, 'Long task');
  const enabled = row.getByRole('switch', { name: 'Long task enabled' });
  await expect(enabled).toBeChecked();

  await enabled.click();
  await expect(enabled).not.toBeChecked();
  await expect(row.getByText('Disabled: triggers do not fire')).toBeVisible();
  const listed = (await (await server.request('GET', '/ScheduledTasks?isEnabled=false')).json()) as Array<{ Key: string }>;
  expect(listed.map((task) => task.Key)).toContain('LongTask');

  await enabled.click();
  await expect(enabled).toBeChecked();
});

test('filter and hidden toggle', async ({ page }) => {
  await expect(taskRow(page, 'Hidden task')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Show hidden tasks' }).check();
  await expect(taskRow(page, 'Hidden task')).toBeVisible();

  await page.getByRole('searchbox', { name: 'Filter' }).fill('fail');
  await expect(taskRow(page, 'Failing task')).toBeVisible();
  await expect(taskRow(page, 'Long task')).toHaveCount(0);
  await expect(taskRow(page, 'Hidden task')).toHaveCount(0);
});
