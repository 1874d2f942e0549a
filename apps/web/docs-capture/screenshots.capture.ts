import { fileURLToPath } from 'node:url';

import type { Page } from '@playwright/test';

import { expect, signIn, taskRow, test } from '../e2e/support/fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

const VIEWPORTS = {
  desktop: { width: 1280, height: 860 },
  phone: { width: 390, height: 844 },
} as const;

async function capture(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`screenshots ${device} ${colorScheme}`, async ({ page, server }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      const suffix = `${device}-${colorScheme}`;

      await page.goto(`${server.url}/sign-in`);
      await expect(page.getByRole('heading', { name: 'Sign in to Tickwork' })).toBeVisible();
      await capture(page, `sign-in-${suffix}`);

      await signIn(page, server);
      await taskRow(page, 'Failing task').getByRole('button', { name: 'Start Failing task' }).click();
      await expect(taskRow(page, 'Failing task').getByText('Failed', { exact: true })).toBeVisible();
      await taskRow(page, 'Long task').getByRole('button', { name: 'Start Long task' }).click();
      await expect(taskRow(page, 'Long task').getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^[2-9]\d$/);
      await capture(page, `tasks-${suffix}`);
      await taskRow(page, 'Long task').getByRole('button', { name: 'Stop Long task' }).click();
      await expect(taskRow(page, 'Long task').getByText('Cancelled')).toBeVisible({ timeout: 20_000 });

      await taskRow(page, 'Failing task').getByRole('link', { name: 'Failing task' }).click();
      const history = page.getByRole('region', { name: 'Run history' });
      await page.getByRole('main').getByRole('button', { name: 'Start', exact: true }).click();
      await expect(history.getByRole('row')).not.toHaveCount(2);
      await history.getByRole('row').nth(1).getByRole('link').click();
      await expect(page.getByRole('region', { name: /^Run of / }).getByText('about to fail')).toBeVisible();
      await page.getByRole('region', { name: 'Triggers' }).getByRole('button', { name: 'Add trigger' }).click();
      await page.getByRole('form', { name: 'Add a trigger' }).getByLabel('Trigger type').selectOption('weekly');
      await capture(page, `task-${suffix}`);

      await page.getByRole('link', { name: 'Settings' }).click();
      await expect(page.getByRole('region', { name: 'API keys' })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Nodes' }).getByText('this node', { exact: true })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Libraries' }).getByTestId('library-source')).toBeVisible();
      await capture(page, `settings-${suffix}`);
    });
  }
}
