import { expect, dataset, test } from './fixtures';

test('start a run from the form on a sample dataset, watch its curve grow, see it finish', async ({ app, page }) => {
  await page.goto(app.url);
  await page.getByTestId('new-run-button').first().click();
  await page.getByTestId('add-samples').click();
  const select = page.getByTestId('dataset-select');
  await expect(select.locator('option', { hasText: 'iris' })).toHaveCount(1);
  await select.selectOption({ label: (await select.locator('option', { hasText: 'iris' }).textContent())! });
  await expect(page.getByTestId('model-select')).toHaveValue('mlp');
  await page.getByTestId('epochs-input').fill('60');
  await page.getByTestId('batch-size-input').fill('4');
  await page.getByTestId('engine-select').selectOption('wasm');
  await page.getByTestId('start-run').click();

  // The run detail opens while training: a progress bar, a Cancel button, a loss curve that grows.
  const status = page.getByTestId('run-status');
  await expect(page.getByTestId('progress-bar').first()).toBeVisible();
  const chart = page.getByTestId('chart-loss');
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
  const early = Number(await chart.getAttribute('data-points'));
  expect(early).toBeLessThan(60);
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(early);
  await expect(status).toHaveAttribute('data-status', 'finished', { timeout: 120_000 });
  await expect(chart).toHaveAttribute('data-points', '60');
  await expect(page.getByTestId('engine-info')).toContainText('wasm');

  const runs = app.cli(['runs', 'list']) as { status: string; metrics: Record<string, { last: number }> }[];
  expect(runs).toHaveLength(1);
  expect(runs[0].status).toBe('finished');
  expect(runs[0].metrics.val_accuracy.last).toBeGreaterThan(0.8);
});

test('cancel a run from its page', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  await page.goto(app.url);
  await page.getByTestId('new-run-button').first().click();
  await page.getByTestId('epochs-input').fill('5000');
  await page.getByTestId('batch-size-input').fill('4');
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(async () => Number(await page.getByTestId('chart-loss').getAttribute('data-points'))).toBeGreaterThanOrEqual(1);
  await page.getByTestId('cancel-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled');
});
