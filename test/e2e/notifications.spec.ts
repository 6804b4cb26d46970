import type { RunSummary } from '../../shared/domain';
import { expect, dataset, test } from './fixtures';

type Notice = { title: string; body: string };
type Page = import('@playwright/test').Page;

/**
 * The page's Notification API is replaced by a recorder (permission granted), and its focus is
 * what the test says: a headless page cannot be put behind another window.
 */
async function stubDesktop(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __notices: Notice[]; __focused: boolean };
    w.__notices = [];
    w.__focused = true;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body?: string } = {}) {
        w.__notices.push({ title, body: options.body ?? '' });
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true });
    document.hasFocus = () => w.__focused;
    Object.defineProperty(document, 'visibilityState', { get: () => (w.__focused ? 'visible' : 'hidden'), configurable: true });
  });
}

const notices = (page: Page) => page.evaluate(() => (window as unknown as { __notices: Notice[] }).__notices);
const setFocused = (page: Page, focused: boolean) => page.evaluate((f) => ((window as unknown as { __focused: boolean }).__focused = f), focused);

test('a long run ending while the window is in the background raises one desktop notification; a short one, or any with the window focused, none', async ({
  app,
  page,
}) => {
  const { id: datasetId } = app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']) as { id: number };
  await stubDesktop(page);
  await app.open(page, '#/experiments');
  await expect(page.getByTestId('runs-total')).toBeVisible();
  const ended = async (runId: string): Promise<RunSummary> => {
    await expect.poll(async () => (await app.call('runs.get', { id: runId })).status, { timeout: 120_000 }).not.toMatch(/queued|running/);
    return app.call('runs.get', { id: runId });
  };

  // A short run, in the background: nothing.
  await setFocused(page, false);
  const short = await app.call('runs.start', { datasetId, name: 'short', config: { epochs: 1, engine: 'cpu' } });
  const shortRun = await ended(short.id);
  expect(shortRun.endedAt! - shortRun.startedAt!).toBeLessThan(10_000);
  await expect(page.getByTestId(`run-row-${short.id}`)).toHaveAttribute('data-status', 'finished');

  // A long run (it would take minutes; it is stopped after 11 s), ending with the window focused: nothing.
  await setFocused(page, true);
  const focusedRun = await app.call('runs.start', { datasetId, name: 'watched', config: { epochs: 10000, batchSize: 4, engine: 'cpu' } });
  await expect(page.getByTestId(`run-row-${focusedRun.id}`)).toHaveAttribute('data-status', 'running');
  await page.waitForTimeout(11_000);
  await app.call('runs.cancel', { id: focusedRun.id });
  await ended(focusedRun.id);
  await expect(page.getByTestId(`run-row-${focusedRun.id}`)).toHaveAttribute('data-status', 'cancelled');

  // The same, in the background: one notification naming the run.
  await setFocused(page, false);
  const long = await app.call('runs.start', { datasetId, name: 'long one', config: { epochs: 10000, batchSize: 4, engine: 'cpu' } });
  await expect(page.getByTestId(`run-row-${long.id}`)).toHaveAttribute('data-status', 'running');
  await page.waitForTimeout(11_000);
  await app.call('runs.cancel', { id: long.id });
  const longRun = await ended(long.id);
  expect(longRun.endedAt! - longRun.startedAt!).toBeGreaterThan(10_000);
  await expect.poll(() => notices(page)).toHaveLength(1);
  expect((await notices(page))[0]).toEqual({
    title: 'Run cancelled: long one',
    body: `${longRun.experimentName} · ${Math.round((longRun.endedAt! - longRun.startedAt!) / 1000)} s`,
  });
  // Starring it sends its status again: not a second end.
  await app.call('runs.update', { id: long.id, starred: true });
  await expect(page.getByTestId(`star-${long.id}`)).toHaveAttribute('data-starred', 'true');
  expect(await notices(page)).toHaveLength(1);

  // Switched off in Settings: the next one stays quiet.
  await setFocused(page, true);
  await app.open(page, '#/settings');
  await page.getByTestId('notify-jobs').uncheck();
  await app.open(page, '#/experiments');
  await setFocused(page, false);
  const off = await app.call('runs.start', { datasetId, name: 'quiet', config: { epochs: 10000, batchSize: 4, engine: 'cpu' } });
  await expect(page.getByTestId(`run-row-${off.id}`)).toHaveAttribute('data-status', 'running');
  await page.waitForTimeout(11_000);
  await app.call('runs.cancel', { id: off.id });
  await ended(off.id);
  await expect(page.getByTestId(`run-row-${off.id}`)).toHaveAttribute('data-status', 'cancelled');
  expect(await notices(page)).toEqual([]);
});
