import { expect, signIn, taskRow, test } from './support/fixtures.ts';

// The test server runs in UTC; the browser runs in Berlin, one hour ahead in winter and two in summer.
test.use({ timezoneId: 'Europe/Berlin' });

const HOUR_TICKS = 36_000_000_000;

test('fire times in both zones', async ({ page, server }) => {
  const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as Array<{ Id: string; Key: string }>;
  const id = tasks.find((task) => task.Key === 'HiddenTask')?.Id;
  const triggers = [{ Type: 'DailyTrigger', TimeOfDayTicks: 2 * HOUR_TICKS }];
  expect((await server.request('POST', `/ScheduledTasks/${id}/Triggers`, triggers)).status).toBe(204);

  await signIn(page, server);
  await page.getByRole('checkbox', { name: 'Show hidden tasks' }).check();
  const row = taskRow(page, 'Hidden task');
  await expect(row.getByText(/^Next run: /)).toHaveText(/(03|04):00 (CET|CEST)$/);

  await row.getByRole('link', { name: 'Hidden task' }).click();
  const section = page.getByRole('region', { name: 'Triggers' });
  await expect(section.getByText('Daily at 02:00')).toBeVisible();
  await expect(section.getByText(/^Next: /)).toHaveText(/(03|04):00 (CET|CEST) \(.*02:00 UTC server time\)$/);
});
