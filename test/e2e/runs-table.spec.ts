import fs from 'node:fs';
import { expect, dataset, test } from './fixtures';

type Run = { id: string; name: string; metrics: Record<string, { last: number }> };

const SWEEP: [name: string, lr: string, batch: string][] = [
  ['lr-0.001-b8', '0.001', '8'],
  ['lr-0.002-b16', '0.002', '16'],
  ['lr-0.004-b32', '0.004', '32'],
  ['lr-0.01-b8', '0.01', '8'],
  ['lr-0.02-b16', '0.02', '16'],
  ['lr-0.05-b32', '0.05', '32'],
];

test('runs table: filter, sort, star, archive, delete and export against the CLI', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  for (const [name, lr, batch] of SWEEP) {
    app.cli(['train', '--dataset', 'iris', '--epochs', '3', '--lr', lr, '--batch-size', batch, '--name', name]);
  }
  const all = app.cli(['runs', 'list']) as Run[];
  expect(all).toHaveLength(SWEEP.length);

  await page.goto(app.url);
  const table = page.getByTestId('runs-table');
  const rows = table.locator('tbody tr[data-testid^="run-row-"]');
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', '6');
  await expect(rows).toHaveCount(6);

  // Filter: the same expression in the UI and in the CLI selects the same runs.
  const filter = 'params.learningRate < 0.005';
  const expected = app.cli(['runs', 'list', '--filter', filter]) as Run[];
  expect(expected).toHaveLength(3);
  const box = page.getByTestId('runs-filter');
  await box.fill(filter);
  await expect(page.getByTestId('runs-filter-error')).toHaveCount(0);
  await box.press('Enter');
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', String(expected.length));
  await expect(rows).toHaveCount(expected.length);
  for (const run of expected) await expect(table.getByTestId(`run-row-${run.id}`)).toBeVisible();
  expect(page.url()).toContain('filter=');

  // The filter is in the URL, so it survives a reload.
  await page.reload();
  await expect(page.getByTestId('runs-filter')).toHaveValue(filter);
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', String(expected.length));

  // A broken filter says where it broke and is not applied.
  await box.fill('params.learningRate <');
  await expect(page.getByTestId('runs-filter-error')).toContainText('position');
  await box.press('Enter');
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', String(expected.length));
  await box.fill('metrics.loss < NaN');
  await expect(page.getByTestId('runs-filter-error')).toContainText('NaN is not a value a filter can compare with');

  // A key no run has (the train flag, not the param): nothing matches, and the box says which key was meant.
  await box.fill('params.lr < 0.01');
  await box.press('Enter');
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', '0');
  await expect(page.getByTestId('runs-filter-warnings')).toContainText('has params.lr; did you mean params.learningRate?');
  await box.fill('');
  await box.press('Enter');
  await expect(page.getByTestId('runs-filter-warnings')).toHaveCount(0);
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', '6');

  // Sort by a metric header: server-side, ascending on the second click.
  const byLoss = [...all].sort((a, b) => a.metrics.loss.last - b.metrics.loss.last).map((r) => r.id);
  const order = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')!.replace('run-row-', '')));
  await page.getByTestId('sort-metrics.loss').getByRole('button').click();
  await expect.poll(order).toEqual([...byLoss].reverse());
  await page.getByTestId('sort-metrics.loss').getByRole('button').click();
  await expect.poll(order).toEqual(byLoss);

  // Star a run: stored in the core, visible to the CLI's filter.
  const [first, second, third] = all;
  await page.getByTestId(`star-${first.id}`).click();
  await expect(page.getByTestId(`star-${first.id}`)).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => (app.cli(['runs', 'list', '--filter', 'starred = true']) as Run[]).map((r) => r.id)).toEqual([first.id]);

  // Archive one: gone from the default view, back with "Show archived".
  await table.getByTestId(`run-row-${second.id}`).getByRole('checkbox').check();
  await page.getByTestId('archive-selected').click();
  await expect(table.getByTestId(`run-row-${second.id}`)).toHaveCount(0);
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', '5');
  await page.getByTestId('show-archived').check();
  await expect(table.getByTestId(`run-row-${second.id}`)).toBeVisible();
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', '6');
  await page.getByTestId('show-archived').uncheck();
  await expect(table.getByTestId(`run-row-${second.id}`)).toHaveCount(0);

  // Delete one, after confirming.
  await table.getByTestId(`run-row-${third.id}`).getByRole('checkbox').check();
  await page.getByTestId('delete-selected').click();
  await expect(page.getByRole('dialog')).toContainText('Delete 1 run?');
  await page.getByTestId('confirm-delete').click();
  await expect(table.getByTestId(`run-row-${third.id}`)).toHaveCount(0);
  const left = app.cli(['runs', 'list', '--archived']) as Run[];
  expect(left.map((r) => r.id)).not.toContain(third.id);
  expect(left).toHaveLength(5);

  // Export the current view (archived run excluded) with the chosen columns.
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', '4');
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const download = await downloading;
  const csv = fs
    .readFileSync((await download.path())!, 'utf8')
    .trim()
    .split(/\r?\n/);
  const header = csv[0].split(',');
  expect(header.slice(0, 3)).toEqual(['id', 'name', 'status']);
  expect(header).toContain('params.learningRate');
  expect(header).toContain('metrics.val_accuracy');
  const ids = csv.slice(1).map((line) => line.split(',')[0]);
  const visible = (app.cli(['runs', 'list']) as Run[]).map((r) => r.id);
  expect(ids.sort()).toEqual([...visible].sort());
});

test('runs table: columns are chosen, kept, and selection takes shift-click ranges', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  for (const [name, lr, batch] of SWEEP.slice(0, 3)) {
    app.cli(['train', '--dataset', 'iris', '--epochs', '2', '--lr', lr, '--batch-size', batch, '--name', name]);
  }
  await page.goto(app.url);
  const table = page.getByTestId('runs-table');
  const rows = table.locator('tbody tr[data-testid^="run-row-"]');
  await expect(rows).toHaveCount(3);

  const chooser = page.getByTestId('column-chooser');
  await chooser.locator('summary').click();
  await chooser.getByTestId('column-metrics.val_loss.min').check();
  await expect(page.getByTestId('sort-metrics.val_loss.min')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('sort-metrics.val_loss.min')).toBeVisible();

  await rows.nth(0).getByRole('checkbox').click();
  await rows
    .nth(2)
    .getByRole('checkbox')
    .click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selected-count')).toHaveText('3 selected');
  await expect(page.getByTestId('compare-button')).toBeEnabled();
});
