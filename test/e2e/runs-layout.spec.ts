import type { Locator, Page } from '@playwright/test';
import { expect, dataset, test } from './fixtures';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
];
const LONG_NAME = 'a-run-whose-name-is-far-too-long-for-any-table-column-to-show-whole';
const KEY_COLUMNS = ['name', 'status', 'metrics.val_loss', 'metrics.val_accuracy', 'dataset', 'started', 'duration'];

/** Whether `el` lies horizontally inside what the scroller shows (not just in the page). */
async function shownIn(scroller: Locator, el: Locator): Promise<boolean> {
  const s = (await scroller.boundingBox())!;
  const b = (await el.boundingBox())!;
  return b.x >= s.x - 1 && b.x + b.width <= s.x + s.width + 1;
}

async function scrollTo(page: Page, left: number) {
  await page.locator('.runs-scroll').evaluate((el, x) => (el.scrollLeft = x === Infinity ? el.scrollWidth : x), left);
}

test('runs table fits its area at 1440 and 1024: key columns reachable, name sticky, long values cut with a tooltip, no stray marks', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const long = app.cli(['train', '--dataset', 'iris', '--epochs', '1', '--name', LONG_NAME]) as { runId: string };
  app.cli(['train', '--dataset', 'iris', '--epochs', '1', '--name', 'short']);

  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto(app.url);
    const frame = page.getByTestId('runs-frame');
    const scroller = page.locator('.runs-scroll');
    const row = page.getByTestId(`run-row-${long.runId}`);
    await expect(row).toBeVisible();

    // The page itself never scrolls sideways: the table scrolls inside its own area.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const area = (await page.locator('main').boundingBox()) ?? (await scroller.boundingBox())!;
    expect((await scroller.boundingBox())!.width).toBeLessThanOrEqual(area.width);
    await expect(frame).toHaveAttribute('data-scrolled-x', 'false');

    // Every key column can be brought into view by scrolling the table.
    for (const key of KEY_COLUMNS) {
      const header = page.getByTestId(`sort-${key}`);
      await header.scrollIntoViewIfNeeded();
      expect(await shownIn(scroller, header), `${key} at ${size.width}`).toBe(true);
    }

    // Scrolled all the way right, the checkbox and the name are still where they were, with a shadow beside them.
    await scrollTo(page, 0);
    const nameCell = row.locator('td.col-name');
    const checkCell = row.locator('td.col-check');
    const nameX = (await nameCell.boundingBox())!.x;
    await scrollTo(page, Infinity);
    await expect(frame).toHaveAttribute('data-scrolled-x', 'true');
    await expect(frame).toHaveAttribute('data-more-right', 'false');
    expect((await nameCell.boundingBox())!.x).toBeCloseTo(nameX, 0);
    expect(await shownIn(scroller, nameCell)).toBe(true);
    expect(await shownIn(scroller, checkCell)).toBe(true);
    expect(await nameCell.evaluate((td) => getComputedStyle(td).boxShadow)).not.toBe('none');
    await expect(page.getByTestId('sort-duration')).toBeVisible();
    await scrollTo(page, 0);
    // More columns off to the right at both widths: the right edge shows it.
    await expect(frame).toHaveAttribute('data-more-right', 'true');

    // A long name is cut, and its tooltip has all of it.
    const name = nameCell.locator('.cell-text');
    await expect(name).toHaveAttribute('title', LONG_NAME);
    expect(await name.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);

    // The stray "." after each checkbox was an ellipsis: a cell that cuts text with one, holding a control a
    // pixel wider than its box. No cell holding a control may both overflow and end in an ellipsis.
    const cut = await page
      .locator('tbody tr[data-testid^="run-row-"] td')
      .evaluateAll((tds) =>
        tds
          .filter(
            (td) => td.querySelector('input, button, .status-badge') && td.scrollWidth > td.clientWidth && getComputedStyle(td).textOverflow === 'ellipsis',
          )
          .map((td) => td.className),
      );
    expect(cut, `cells that clip a control at ${size.width}`).toEqual([]);
  }
});

test('runs table density: compact rows, remembered across reloads', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const run = app.cli(['train', '--dataset', 'iris', '--epochs', '1', '--name', 'only']) as { runId: string };
  await page.goto(app.url);
  const row = page.getByTestId(`run-row-${run.runId}`);
  await expect(page.getByTestId('runs-table')).toHaveAttribute('data-density', 'comfortable');
  const comfortable = (await row.boundingBox())!.height;
  await page.getByTestId('density-select').selectOption('compact');
  await expect(page.getByTestId('runs-table')).toHaveAttribute('data-density', 'compact');
  const compact = (await row.boundingBox())!.height;
  expect(compact).toBeLessThan(comfortable);
  await page.reload();
  await expect(page.getByTestId('density-select')).toHaveValue('compact');
  await expect(page.getByTestId('runs-table')).toHaveAttribute('data-density', 'compact');
  expect((await page.getByTestId(`run-row-${run.runId}`).boundingBox())!.height).toBeCloseTo(compact, 0);
});

test('one New run button per screen', async ({ app, page }) => {
  await page.goto(app.url);
  // The empty runs view: the sidebar's button is the only one.
  await expect(page.getByText('No runs yet')).toBeVisible();
  await expect(page.getByRole('link', { name: /new run|start a run/i })).toHaveCount(1);
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  app.cli(['train', '--dataset', 'iris', '--epochs', '1']);
  await page.reload();
  await expect(page.getByTestId('runs-table')).toBeVisible();
  await expect(page.getByRole('link', { name: /new run|start a run/i })).toHaveCount(1);
});
