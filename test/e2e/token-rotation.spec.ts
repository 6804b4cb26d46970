import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, watchErrors } from './fixtures';

const CLI = path.resolve(__dirname, '..', '..', 'bin', 'cairn.js');

test('a page open when `cairn token --rotate` runs says its token was rejected, without a click, and the new URL opens the app', async ({ app, page }) => {
  const errors = watchErrors(page, { allowFailedLoads: true });
  await app.open(page, '#/experiments');
  await expect(page.getByTestId('nav-settings')).toBeVisible();
  // Live updates are on: the event socket is open.
  await expect(page.getByTestId('live-state')).toHaveCount(0);

  const rotated = spawnSync(process.execPath, [CLI, '--data-dir', app.dataDir, 'token', '--rotate'], { encoding: 'utf8' });
  expect(rotated.status, rotated.stderr).toBe(0);
  await expect(page.getByTestId('auth-screen')).toContainText('Access token rejected', { timeout: 5000 });

  await page.goto(`${app.url.split('?')[0]}?token=${rotated.stdout.trim()}#/experiments`);
  await expect(page.getByTestId('nav-settings')).toBeVisible();
  await expect(page.getByTestId('live-state')).toHaveCount(0);
  expect(errors).toEqual([]);
});
