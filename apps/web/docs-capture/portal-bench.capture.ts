import type { Browser } from '@playwright/test';

import { ADMIN_PASSWORD, expect, taskRow, test } from '../e2e/support/fixtures.ts';

const ROUTES = ['/sign-in', '/', '/tasks/{LongTask}', '/activity', '/settings'];
const START_REPETITIONS = 10;

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

async function signedInContext(browser: Browser, url: string, token: string) {
  const context = await browser.newContext();
  await context.addInitScript((value) => window.sessionStorage.setItem('tickwork.token', value), token);
  return { context, url };
}

test('first-load JavaScript per route', async ({ browser, server }) => {
  const signIn = await fetch(`${server.url}/Users/AuthenticateByName`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ Username: 'admin', Pw: ADMIN_PASSWORD }),
  });
  const token = ((await signIn.json()) as { AccessToken: string }).AccessToken;
  const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as Array<{ Id: string; Key: string }>;
  const longTaskId = tasks.find((task) => task.Key === 'LongTask')?.Id ?? '';

  const rows: string[] = [];
  for (const route of ROUTES) {
    const { context } = await signedInContext(browser, server.url, token);
    const page = await context.newPage();
    const scripts: Array<Promise<{ encoded: number; decoded: number }>> = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script') return;
      scripts.push(
        (async () => {
          const sizes = await request.sizes();
          const response = await request.response();
          const decoded = response === null ? 0 : (await response.body()).length;
          return { encoded: sizes.responseBodySize, decoded };
        })(),
      );
    });
    await page.goto(`${server.url}${route.replace('{LongTask}', longTaskId)}`, { waitUntil: 'networkidle' });
    const sizes = await Promise.all(scripts);
    const encoded = sizes.reduce((sum, size) => sum + size.encoded, 0);
    const decoded = sizes.reduce((sum, size) => sum + size.decoded, 0);
    rows.push(`| \`${route.replace('{LongTask}', '[id]')}\` | ${sizes.length} | ${(encoded / 1024).toFixed(1)} | ${(decoded / 1024).toFixed(1)} |`);
    await context.close();
  }
  console.log(['| route | scripts | transferred KiB (gzip) | uncompressed KiB |', '|---|---|---|---|', ...rows].join('\n'));
});

test('task start to moving bar', async ({ page, server }) => {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('User name', { exact: true }).fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const row = taskRow(page, 'Long task');
  await expect(row).toBeVisible();

  const samples: number[] = [];
  for (let repetition = 0; repetition < START_REPETITIONS; repetition += 1) {
    // Both instants come from the page's own clock: the click and the first bar value above 0.
    const measured = page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let clickedAt = 0;
          const button = document.querySelector('[aria-label="Start Long task"]');
          button?.addEventListener('click', () => (clickedAt = performance.now()), { capture: true, once: true });
          const observer = new MutationObserver(() => {
            const bar = document.querySelector('[role="progressbar"][aria-label="Long task progress"]');
            if (clickedAt > 0 && Number(bar?.getAttribute('aria-valuenow') ?? 0) > 0) {
              observer.disconnect();
              resolve(performance.now() - clickedAt);
            }
          });
          observer.observe(document.body, { subtree: true, attributes: true, childList: true });
        }),
    );
    await row.getByRole('button', { name: 'Start Long task' }).click();
    samples.push(await measured);
    await row.getByRole('button', { name: 'Stop Long task' }).click();
    await expect(row.getByRole('button', { name: 'Start Long task' })).toBeVisible({ timeout: 20_000 });
  }

  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    `start click to moving bar over ${samples.length} starts, ms: min ${sorted[0]?.toFixed(0)}, p50 ${percentile(sorted, 0.5).toFixed(0)}, p90 ${percentile(sorted, 0.9).toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)}`,
  );
});
