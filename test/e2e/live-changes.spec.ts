import { dataset, expect, test, watchErrors } from './fixtures';

// Writes by another process (the CLI beside `cairn serve`) reach open pages without a reload:
// serve watches the store's data_version, reads what changed, and pushes `changed`.
test('open pages follow the CLI: an import shows in the datasets page, a run and its rename in the runs page', async ({ app, page }) => {
  const errors = watchErrors(page);
  await app.open(page, '#/datasets');
  await expect(page.getByText('No datasets yet')).toBeVisible();
  // A reload would drop this; it must survive to the end.
  await page.evaluate(() => ((window as unknown as { untouched: boolean }).untouched = true));

  const ds = app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']) as { id: number };
  await expect(page.getByTestId(`dataset-link-${ds.id}`)).toBeVisible();

  await page.evaluate(() => (window.location.hash = '#/runs'));
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', '0');
  const { runId } = app.cli(['train', '--dataset', 'iris', '--epochs', '2']) as { runId: string };
  const row = page.getByTestId(`run-row-${runId}`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'finished');
  await expect(page.getByTestId('runs-total')).toHaveAttribute('data-total', '1');

  app.cli(['runs', 'rename', runId.slice(0, 8), 'renamed from the CLI']);
  await expect(row).toContainText('renamed from the CLI');

  expect(await page.evaluate(() => (window as unknown as { untouched?: boolean }).untouched)).toBe(true);
  expect(errors).toEqual([]);
});
