import { expect, signIn, test } from './support/fixtures.ts';

test('API key created once, then revoked', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const keys = page.getByRole('region', { name: 'API keys' });

  await keys.getByLabel('New key name').fill('home assistant');
  await keys.getByRole('button', { name: 'Create key' }).click();
  const token = (await keys.getByTestId('new-api-key-token').textContent()) ?? '';
  expect(token.length).toBeGreaterThanOrEqual(16);
  const withKey = () => fetch(`${server.url}/ScheduledTasks`, { headers: { 'X-Emby-Token': token } });
  expect((await withKey()).status).toBe(200);

  await keys.getByRole('button', { name: 'Done' }).click();
  await expect(keys.getByTestId('new-api-key-token')).toHaveCount(0);
  await page.reload();
  await expect(keys.getByText('home assistant')).toBeVisible();
  await expect(page.getByText(token)).toHaveCount(0);

  await keys.getByRole('button', { name: 'Revoke home assistant' }).click();
  await keys.getByRole('group', { name: 'Revoke home assistant?' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(keys.getByRole('listitem', { name: 'API key home assistant' }).getByText('Revoked', { exact: true })).toBeVisible();
  expect((await withKey()).status).toBe(401);
});

test('empty key name shows an error', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const keys = page.getByRole('region', { name: 'API keys' });

  await keys.getByRole('button', { name: 'Create key' }).click();

  await expect(keys.getByText('Enter a name that says who uses the key')).toBeVisible();
  await expect(keys.getByLabel('New key name')).toHaveAttribute('aria-invalid', 'true');
});

test('users are listed and added', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const users = page.getByRole('region', { name: 'Users' });
  await expect(users.getByRole('listitem', { name: 'User admin' })).toContainText('administrator');

  await users.getByLabel('User name').fill('operator');
  await users.getByLabel('Password').fill('operator-password');
  await users.getByRole('button', { name: 'Add user' }).click();

  await expect(users.getByRole('listitem', { name: 'User operator' })).toContainText('Never signed in');
});

test('activity page shows why a run failed', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('listitem', { name: 'Failing task' }).getByRole('button', { name: 'Start Failing task' }).click();
  await page.getByRole('link', { name: 'Activity', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  const failed = page.getByRole('listitem', { name: 'Failing task failed' }).first();
  await expect(failed.getByText('disk full', { exact: true })).toBeVisible();
  await expect(failed.getByText(/^Running time: /)).toBeVisible();
  const stack = failed.getByRole('group').filter({ hasText: 'Stack trace' });
  await expect(stack.getByText(/^Error: disk full\n\s+at /)).toBeHidden();
  await stack.getByText('Stack trace', { exact: true }).click();
  await expect(stack.getByText(/^Error: disk full\n\s+at /)).toBeVisible();

  await failed.getByRole('link', { name: 'Failing task', exact: true }).click();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f]{32}$/);
  await expect(page.getByRole('heading', { name: 'Failing task', level: 1 })).toBeVisible();
});
