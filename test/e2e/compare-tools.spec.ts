import { expect, dataset, test } from './fixtures';

test('compare five runs: differences, wall time, log scale, zoom and reset, scatter', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const ids: string[] = [];
  for (const [i, lr] of ['0.001', '0.003', '0.01', '0.03', '0.1'].entries()) {
    const run = app.cli(['train', '--dataset', 'iris', '--epochs', '4', '--lr', lr, '--batch-size', String(8 * (1 + (i % 2))), '--name', `lr-${lr}`]) as {
      runId: string;
    };
    ids.push(run.runId);
  }

  await page.goto(`${app.url.split('#')[0]}#/compare?ids=${ids.join(',')}`);
  const view = page.getByTestId('compare-view');
  await expect(view.getByRole('heading', { name: 'Compare 5 runs' })).toBeVisible();
  const loss = view.getByTestId('chart-loss');
  await expect(loss).toHaveAttribute('data-points', '20');

  // Only differences: learningRate and batchSize differ, epochs doesn't.
  const params = page.getByTestId('params-table');
  await page.getByTestId('only-differences').check();
  await expect(params.getByTestId('param-row-epochs')).toHaveCount(0);
  await expect(params.getByTestId('param-row-learningRate')).toBeVisible();
  await expect(params.getByTestId('param-row-batchSize')).toBeVisible();

  await page.getByTestId('x-axis-select').selectOption('time');
  await expect(loss).toHaveAttribute('data-x', 'seconds');
  await expect(loss).toHaveAttribute('data-points', '20');

  await page.getByTestId('log-scale').check();
  await expect(loss).toHaveAttribute('data-log-y', 'true');

  await page.getByTestId('smoothing').fill('0.6');
  await expect(loss).toHaveAttribute('data-points', '20');

  // Wheel over the plot zooms; Reset zoom puts it back.
  await expect(loss).toHaveAttribute('data-zoomed', 'false');
  const box = (await loss.locator('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await expect(loss).toHaveAttribute('data-zoomed', 'true');
  await page.getByTestId('reset-zoom').click();
  await expect(loss).toHaveAttribute('data-zoomed', 'false');

  // Grouping by batch size: two groups, so two mean lines.
  await page.getByTestId('group-by').selectOption('batchSize');
  await page.getByTestId('x-axis-select').selectOption('step');
  await expect(loss).toHaveAttribute('data-points', '8');
  await page.getByTestId('group-by').selectOption('');
  await expect(loss).toHaveAttribute('data-points', '20');

  await page.getByTestId('scatter-x').selectOption('params.learningRate');
  await page.getByTestId('scatter-y').selectOption('metrics.val_loss');
  await expect(page.getByTestId('scatter-plot')).toHaveAttribute('data-points', '5');
  await expect(page.getByTestId('parallel-coords')).toHaveAttribute('data-lines', '5');
});
