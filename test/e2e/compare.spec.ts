import { expect, dataset, test } from './fixtures';

test('compare two runs: overlaid curves and a params table that highlights differences', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const a = app.cli(['train', '--dataset', 'iris', '--epochs', '12', '--lr', '0.01', '--name', 'fast']) as { runId: string };
  const b = app.cli(['train', '--dataset', 'iris', '--epochs', '12', '--lr', '0.001', '--name', 'slow']) as { runId: string };

  await page.goto(app.url);
  const table = page.getByTestId('runs-table');
  await expect(table.getByTestId(`run-row-${a.runId}`)).toHaveAttribute('data-status', 'finished');
  await expect(table.getByTestId(`run-row-${b.runId}`)).toHaveAttribute('data-status', 'finished');
  await expect(page.getByTestId('compare-button')).toBeDisabled();
  await table.getByTestId(`run-row-${a.runId}`).getByRole('checkbox').check();
  await table.getByTestId(`run-row-${b.runId}`).getByRole('checkbox').check();
  await page.getByTestId('compare-button').click();

  const view = page.getByTestId('compare-view');
  await expect(view).toBeVisible();
  await expect(view).toContainText('fast');
  await expect(view).toContainText('slow');
  for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) {
    await expect(view.getByTestId(`chart-${key}`)).toHaveAttribute('data-points', '24');
  }

  const params = page.getByTestId('params-table');
  await expect(params.getByTestId('param-row-learningRate')).toHaveAttribute('data-differs', 'true');
  await expect(params.getByTestId('param-row-epochs')).toHaveAttribute('data-differs', 'false');
  await page.getByTestId('only-differences').check();
  await expect(params.getByTestId('param-row-epochs')).toHaveCount(0);
  await expect(params.getByTestId('param-row-learningRate')).toBeVisible();
});
