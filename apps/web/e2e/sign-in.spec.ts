import { expect, signIn, test } from './support/fixtures.ts';

test('sign-in shows the task list', async ({ page, server }) => {
  await signIn(page, server);

  await expect(page.getByRole('heading', { name: 'Scheduled tasks' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Testing' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Long task' })).toBeVisible();
  expect(page.url()).toBe(`${server.url}/`);
});

test('token stays out of URLs and logs', async ({ page, server }) => {
  const requestedUrls: string[] = [];
  page.on('request', (request) => requestedUrls.push(request.url()));
  await signIn(page, server);
  await expect(page.getByRole('heading', { name: 'Long task' })).toBeVisible();

  const token = await page.evaluate(() => sessionStorage.getItem('tickwork.token'));
  expect(token).toBeTruthy();
  expect(requestedUrls.filter((url) => url.includes(token!))).toEqual([]);
  expect(server.logs.filter((line) => line.includes(token!))).toEqual([]);
  expect(server.logs.filter((line) => line.includes('portal-admin-password'))).toEqual([]);
});

test('wrong password shows an error', async ({ page, server }) => {
  await signIn(page, server, 'admin', 'not the password');

  await expect(page.getByRole('alert').filter({ hasText: 'wrong' })).toHaveText('The user name or password is wrong.');
  expect(page.url()).toBe(`${server.url}/sign-in`);
});

test('sign-out returns to the sign-in page', async ({ page, server }) => {
  await signIn(page, server);
  await expect(page.getByRole('heading', { name: 'Scheduled tasks' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in to Tickwork' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('tickwork.token'))).toBeNull();
  await page.goto(`${server.url}/`);
  await expect(page.getByRole('heading', { name: 'Sign in to Tickwork' })).toBeVisible();
});

test('API key signs in', async ({ page, server }) => {
  await page.goto(`${server.url}/sign-in`);
  await page.getByRole('radio', { name: 'API key' }).check();
  await page.getByRole('textbox', { name: 'API key' }).fill(server.apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { name: 'Scheduled tasks' })).toBeVisible();
});

test('non-administrator sees administrators only', async ({ page, server }) => {
  const created = await server.request('POST', '/trpc/users.create', { name: 'viewer', password: 'viewer-password', isAdmin: false }, {
    Authorization: `Bearer ${server.apiKey}`,
  });
  expect(created.status).toBe(200);

  await signIn(page, server, 'viewer', 'viewer-password');

  await expect(page.getByRole('heading', { name: 'Administrators only' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Scheduled tasks' })).toHaveCount(0);
});

test('revoked key returns to sign-in', async ({ page, server }) => {
  const bearer = { Authorization: `Bearer ${server.apiKey}` };
  const created = (await (await server.request('POST', '/trpc/apiKeys.create', { name: 'short-lived' }, bearer)).json()) as {
    result: { data: { id: string; token: string } };
  };
  const { id, token } = created.result.data;
  await page.goto(`${server.url}/sign-in`);
  await page.getByRole('radio', { name: 'API key' }).check();
  await page.getByRole('textbox', { name: 'API key' }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Scheduled tasks' })).toBeVisible();

  expect((await server.request('POST', '/trpc/apiKeys.revoke', { id }, bearer)).status).toBe(200);
  await page.getByRole('listitem', { name: 'Failing task' }).getByRole('button', { name: 'Start Failing task' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in to Tickwork' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('tickwork.token'))).toBeNull();
});

test('favicon is served', async ({ page, server }) => {
  const icon = await fetch(`${server.url}/favicon.ico`);
  expect(icon.status).toBe(200);
  expect(icon.headers.get('content-type')).toBe('image/x-icon');
  const bytes = Buffer.from(await icon.arrayBuffer());
  // An ICO file starts with reserved 0, type 1 (icon) and its image count.
  expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]);

  await page.goto(`${server.url}/sign-in`);
  await expect(page.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
});
