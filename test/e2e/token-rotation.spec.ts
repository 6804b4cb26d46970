import { cliOn } from '../helpers';
import { expect, test, watchErrors } from './fixtures';

test('a page open when `cairn token --rotate` runs says its token was rejected, without a click, and the new URL opens the app', async ({ app, page }) => {
  const errors = watchErrors(page, { allowFailedLoads: true });
  await app.open(page, '#/experiments');
  await expect(page.getByTestId('nav-settings')).toBeVisible();
  // Live updates are on: the event socket is open.
  await expect(page.getByTestId('live-state')).toHaveCount(0);

  const rotated = cliOn(app.dataDir)(['token', '--rotate']);
  expect(rotated.code, rotated.stderr).toBe(0);
  await expect(page.getByTestId('auth-screen')).toContainText('Access token rejected', { timeout: 5000 });

  await page.goto(`${app.url.split('?')[0]}?token=${rotated.stdout.trim()}#/experiments`);
  await expect(page.getByTestId('nav-settings')).toBeVisible();
  await expect(page.getByTestId('live-state')).toHaveCount(0);
  expect(errors).toEqual([]);
});
