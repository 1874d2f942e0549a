import type { Page } from '@playwright/test';

import { expect, signIn, taskRow, test } from './support/fixtures.ts';
import type { ServerProcess } from '../../server/test/support/server-process.ts';

const HOUR_TICKS = 36_000_000_000;

async function openTask(page: Page, server: ServerProcess, name: string): Promise<void> {
  await signIn(page, server);
  await taskRow(page, name).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

async function restTriggers(server: ServerProcess, key: string): Promise<unknown[]> {
  const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as Array<{ Key: string; Triggers: unknown[] }>;
  return tasks.find((task) => task.Key === key)?.Triggers ?? [];
}

async function clearTriggers(server: ServerProcess, key: string): Promise<void> {
  const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as Array<{ Id: string; Key: string }>;
  const id = tasks.find((task) => task.Key === key)?.Id;
  expect((await server.request('POST', `/ScheduledTasks/${id}/Triggers`, [])).status).toBe(204);
}

test('editor adds each trigger type', async ({ page, server }) => {
  await clearTriggers(server, 'FailingTask');
  await openTask(page, server, 'Failing task');
  const triggers = page.getByRole('region', { name: 'Triggers' });
  const editor = page.getByRole('form', { name: 'Add a trigger' });
  // The saved triggers; the editor's type select has options with the same words.
  const listed = triggers.getByRole('list');

  // Daily at 02:00
  await triggers.getByRole('button', { name: 'Add trigger' }).click();
  await editor.getByLabel('Trigger type').selectOption('daily');
  await editor.getByLabel(/^Time of day/).fill('02:00');
  await editor.getByRole('button', { name: 'Save trigger' }).click();
  await expect(listed.getByText('Daily at 02:00')).toBeVisible();

  // Sundays at 03:00 with a 4-hour time limit
  await triggers.getByRole('button', { name: 'Add trigger' }).click();
  await editor.getByLabel('Trigger type').selectOption('weekly');
  await editor.getByLabel('Day of the week').selectOption('Sunday');
  await editor.getByLabel(/^Time of day/).fill('03:00');
  await editor.getByLabel('Stop runs after a time limit').check();
  await editor.getByRole('spinbutton', { name: 'Time limit' }).fill('4');
  await expect(editor.getByTestId('trigger-preview')).toHaveText('Will be saved as: Sundays at 03:00, time limit 4 hours');
  await editor.getByRole('button', { name: 'Save trigger' }).click();
  await expect(listed.getByText('Sundays at 03:00')).toBeVisible();
  await expect(listed.getByText('Time limit: 4 hours')).toBeVisible();

  // Every 6 hours from the presets
  await triggers.getByRole('button', { name: 'Add trigger' }).click();
  await editor.getByLabel('Trigger type').selectOption('interval');
  await editor.getByLabel('Every').selectOption('6 hours');
  await editor.getByRole('button', { name: 'Save trigger' }).click();
  await expect(listed.getByText('Every 6 hours')).toBeVisible();

  // Every 90 minutes as a custom value
  await triggers.getByRole('button', { name: 'Add trigger' }).click();
  await editor.getByLabel('Trigger type').selectOption('interval');
  await editor.getByLabel('Every').selectOption('Custom…');
  await editor.getByRole('spinbutton', { name: 'Custom interval' }).fill('90');
  await editor.getByRole('combobox', { name: 'Custom interval unit' }).selectOption('minutes');
  await editor.getByRole('button', { name: 'Save trigger' }).click();
  await expect(listed.getByText('Every 90 minutes')).toBeVisible();

  for (const [kind, words] of [
    ['startup', 'On application startup'],
    ['systemEvent', 'When the host wakes from sleep'],
  ] as const) {
    await triggers.getByRole('button', { name: 'Add trigger' }).click();
    await editor.getByLabel('Trigger type').selectOption(kind);
    await editor.getByRole('button', { name: 'Save trigger' }).click();
    await expect(editor).toHaveCount(0);
    await expect(listed.getByText(words)).toBeVisible();
  }

  await expect(listed.getByText(/^Next: /)).toHaveCount(4);
  expect(await restTriggers(server, 'FailingTask')).toEqual([
    { Type: 'DailyTrigger', TimeOfDayTicks: 2 * HOUR_TICKS },
    { Type: 'WeeklyTrigger', TimeOfDayTicks: 3 * HOUR_TICKS, DayOfWeek: 'Sunday', MaxRuntimeTicks: 4 * HOUR_TICKS },
    { Type: 'IntervalTrigger', IntervalTicks: 6 * HOUR_TICKS },
    { Type: 'IntervalTrigger', IntervalTicks: 1.5 * HOUR_TICKS },
    { Type: 'StartupTrigger' },
    { Type: 'SystemEventTrigger', SystemEvent: 'WakeFromSleep' },
  ]);
});

test('interval editor starts at 15 minutes', async ({ page, server }) => {
  await clearTriggers(server, 'FailingTask');
  await openTask(page, server, 'Failing task');
  const triggers = page.getByRole('region', { name: 'Triggers' });
  const editor = page.getByRole('form', { name: 'Add a trigger' });

  await triggers.getByRole('button', { name: 'Add trigger' }).click();
  await editor.getByLabel('Trigger type').selectOption('interval');
  await expect(editor.getByLabel('Every')).toHaveValue(String(HOUR_TICKS / 4));
  await expect(editor.getByTestId('trigger-preview')).toHaveText('Will be saved as: Every 15 minutes');

  await editor.getByLabel('Every').selectOption('24 hours');
  await expect(editor.getByTestId('trigger-preview')).toHaveText('Will be saved as: Every 24 hours');
  await editor.getByRole('button', { name: 'Save trigger' }).click();
  await expect(triggers.getByRole('list').getByText('Every 24 hours')).toBeVisible();
  expect(await restTriggers(server, 'FailingTask')).toEqual([{ Type: 'IntervalTrigger', IntervalTicks: 24 * HOUR_TICKS }]);
});

test('editor changes and removes a trigger', async ({ page, server }) => {
  await clearTriggers(server, 'FailingTask');
  await openTask(page, server, 'Failing task');
  const triggers = page.getByRole('region', { name: 'Triggers' });

  await triggers.getByRole('button', { name: 'Add trigger' }).click();
  await page.getByRole('form', { name: 'Add a trigger' }).getByRole('button', { name: 'Save trigger' }).click();
  await expect(triggers.getByRole('list').getByText('Daily at 03:00')).toBeVisible();

  await triggers.getByRole('button', { name: 'Change Daily at 03:00' }).click();
  const editor = page.getByRole('form', { name: 'Change the trigger' });
  await editor.getByLabel(/^Time of day/).fill('04:30');
  await editor.getByRole('button', { name: 'Save trigger' }).click();
  await expect(triggers.getByRole('list').getByText('Daily at 04:30')).toBeVisible();
  expect(await restTriggers(server, 'FailingTask')).toEqual([{ Type: 'DailyTrigger', TimeOfDayTicks: 4.5 * HOUR_TICKS }]);

  await triggers.getByRole('button', { name: 'Remove Daily at 04:30' }).click();
  await triggers.getByRole('group', { name: 'Remove Daily at 04:30?' }).getByRole('button', { name: 'Remove' }).click();
  await expect(triggers.getByText('No triggers: this task runs only when started by hand.')).toBeVisible();
  expect(await restTriggers(server, 'FailingTask')).toEqual([]);
});

test('editor shows errors next to the field', async ({ page, server }) => {
  await openTask(page, server, 'Failing task');
  const triggers = page.getByRole('region', { name: 'Triggers' });
  await triggers.getByRole('button', { name: 'Add trigger' }).click();
  const editor = page.getByRole('form', { name: 'Add a trigger' });

  await editor.getByLabel('Trigger type').selectOption('interval');
  await editor.getByLabel('Every').selectOption('Custom…');
  await editor.getByRole('spinbutton', { name: 'Custom interval' }).fill('0');
  await editor.getByLabel('Stop runs after a time limit').check();
  await editor.getByRole('button', { name: 'Save trigger' }).click();

  await expect(editor.getByText('"0" is not a positive number; enter the interval in hours.')).toBeVisible();
  await expect(editor.getByText('Enter the time limit.')).toBeVisible();
  await expect(editor.getByRole('spinbutton', { name: 'Time limit' })).toHaveAttribute('aria-invalid', 'true');
});

test('failed run shows its error and log', async ({ page, server }) => {
  await openTask(page, server, 'Failing task');
  await page.getByRole('main').getByRole('button', { name: 'Start', exact: true }).click();
  const history = page.getByRole('region', { name: 'Run history' });
  await expect(history.getByRole('cell', { name: 'Failed' }).first()).toBeVisible();
  await expect(history.getByRole('cell', { name: 'Manual start' }).first()).toBeVisible();
  await expect(history.getByRole('cell', { name: 'admin', exact: true }).first()).toBeVisible();

  const runLink = history.getByRole('row').nth(1).getByRole('link');
  await expect(runLink).toHaveText(/^\w{3} \d{1,2} \w{3}, \d{2}:\d{2}:\d{2} [A-Z]{3,4}$/);
  await runLink.click();

  const detail = page.getByRole('region', { name: /^Run of / });
  expect(new URL(page.url()).searchParams.get('run')).toBeTruthy();
  await expect(detail.getByText('disk full', { exact: true })).toBeVisible();
  await expect(detail.getByText('about to fail')).toBeVisible();
  const stack = detail.getByText(/at .*small\.mjs/);
  await expect(stack).toBeHidden();
  await detail.getByText('Stack trace').click();
  await expect(stack).toBeVisible();
});

test('run detail shows log lines live', async ({ page, server }) => {
  await openTask(page, server, 'Long task');
  await page.getByRole('main').getByRole('button', { name: 'Start', exact: true }).click();
  const history = page.getByRole('region', { name: 'Run history' });
  await expect(history.getByRole('cell', { name: 'Running' })).toBeVisible();
  await history.getByRole('row').nth(1).getByRole('link').click();
  const detail = page.getByRole('region', { name: /^Run of / });
  await expect(detail.getByText('still running')).toBeVisible();
  await expect(detail.getByText('starting')).toBeVisible();

  await page.getByRole('main').getByRole('button', { name: 'Stop', exact: true }).click();

  await expect(detail.getByText('stopping; cleaning up')).toBeVisible();
  await expect(detail.getByText('Cancelled')).toBeVisible({ timeout: 20_000 });
});

test('run link opens by keyboard and address', async ({ page, server }) => {
  await openTask(page, server, 'Failing task');
  await page.getByRole('main').getByRole('button', { name: 'Start', exact: true }).click();
  const history = page.getByRole('region', { name: 'Run history' });
  await expect(history.getByRole('cell', { name: 'Failed' }).first()).toBeVisible();
  await expect(history.getByText(/^Times are in your browser's time zone, /)).toBeVisible();

  const runLink = history.getByRole('row').nth(1).getByRole('link');
  const href = (await runLink.getAttribute('href')) ?? '';
  expect(href).toMatch(/^\/tasks\/[0-9a-f]{32}\?run=.+/);
  await runLink.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('region', { name: /^Run of / });
  await expect(detail.getByText('disk full', { exact: true })).toBeVisible();
  await expect(detail.getByRole('heading', { level: 2 })).toBeFocused();
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(href);

  await detail.getByRole('button', { name: 'Close' }).click();
  await expect(detail).toHaveCount(0);
  expect(new URL(page.url()).search).toBe('');
  await page.goBack();
  await expect(page.getByRole('region', { name: /^Run of / }).getByText('disk full', { exact: true })).toBeVisible();

  // The address alone opens the detail, as in a new tab.
  await page.goto(`${server.url}${href}`);
  await expect(page.getByRole('region', { name: /^Run of / }).getByText('about to fail')).toBeVisible();
});
