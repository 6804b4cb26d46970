import { expect, dataset, test } from './fixtures';

type Run = {
  id: string;
  name: string;
  status: string;
  params: Record<string, unknown>;
  metrics: Record<string, { min: number; max: number; last: number }>;
  tags: Record<string, string>;
};

test('sweeps: a grid started from the form, its live queue and best trial, against the CLI', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);

  await page.goto(app.url);
  await page.getByTestId('nav-sweeps').click();
  await page.getByTestId('new-sweep').click();
  const form = page.getByTestId('sweep-form');
  await expect(form).toBeVisible();
  await form.getByTestId('sweep-name').fill('lr-grid');
  await form.getByTestId('sweep-dataset').selectOption('iris');
  await form.getByTestId('sweep-experiment').fill('sweeps-e2e');
  await form.getByTestId('sweep-method').selectOption('grid');
  await form.getByTestId('sweep-parallel').fill('2');
  await form.getByTestId('sweep-epochs').fill('3');
  await form.getByTestId('sweep-batch-size').fill('16');
  await form.getByTestId('sweep-engine').selectOption('cpu');

  // A range in a grid without steps is refused before anything is sent (shared sweepSpecSchema).
  const row = form.getByTestId('sweep-space-row');
  await expect(row).toHaveCount(1);
  await row.getByTestId('space-path').fill('learningRate');
  await row.getByTestId('space-kind').selectOption('range');
  await row.getByTestId('space-min').fill('0.001');
  await row.getByTestId('space-max').fill('0.1');
  await page.getByTestId('start-sweep').click();
  await expect(row.getByRole('alert')).toContainText('steps');
  await expect(page.getByTestId('sweep-form')).toBeVisible();

  await row.getByTestId('space-kind').selectOption('choice');
  await row.getByTestId('space-values').fill('0.001, 0.01, 0.05');
  // A mistyped key would be ignored by every trial: it is refused at the row, naming the key meant.
  await row.getByTestId('space-path').fill('learningrate');
  await page.getByTestId('start-sweep').click();
  await expect(row.getByRole('alert')).toContainText('unknown config key "learningrate"; did you mean learningRate?');
  await row.getByTestId('space-path').fill('learningRate');
  await page.getByTestId('start-sweep').click();

  const detail = page.getByTestId('sweep-detail');
  await expect(detail).toBeVisible();
  for (const i of [1, 2, 3]) await expect(detail.getByTestId(`sweep-trial-${i}`)).toBeVisible();
  // The queue follows run.status events until every trial finishes.
  for (const i of [1, 2, 3]) await expect(detail.getByTestId(`sweep-trial-${i}`)).toHaveAttribute('data-status', 'finished', { timeout: 120_000 });
  await expect(detail).toHaveAttribute('data-status', 'finished');
  await expect(page.getByTestId('cancel-sweep')).toHaveCount(0);
  for (const i of [1, 2, 3]) await expect(detail.getByTestId(`sweep-trial-${i}`)).toHaveAttribute('data-pruned', 'false');

  // Best: the trial with the lowest val_loss among the runs the CLI lists for this sweep.
  const runs = app.cli(['runs', 'list', '--filter', 'experiment = "sweeps-e2e"']) as Run[];
  expect(runs).toHaveLength(3);
  expect(runs.every((r) => r.status === 'finished')).toBe(true);
  const best = runs.reduce((a, b) => (b.metrics.val_loss.min < a.metrics.val_loss.min ? b : a));
  const bestCard = page.getByTestId('sweep-best');
  await expect(bestCard).toHaveAttribute('data-run-id', best.id);
  await expect(detail.getByTestId(`sweep-trial-${best.tags['sweep.trial']}`)).toHaveAttribute('data-best', 'true');
  expect(new Set(runs.map((r) => r.params.learningRate))).toEqual(new Set([0.001, 0.01, 0.05]));

  // Compare trials opens the compare view with the three runs.
  await page.getByTestId('compare-trials').click();
  await expect(page).toHaveURL(/#\/compare\?ids=/);
  for (const r of runs) expect(page.url()).toContain(r.id);

  // The list shows it finished with all trials done.
  await page.getByTestId('nav-sweeps').click();
  const list = page.getByTestId('sweeps-list');
  await expect(list).toContainText('lr-grid');
  await expect(list).toContainText('3/3');
  await expect(list.locator('tr[data-status="finished"]')).toHaveCount(1);
});

test('sweeps: cancelling a running sweep stops its queue', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  await page.goto(app.url + '#/sweeps/new');
  const form = page.getByTestId('sweep-form');
  await form.getByTestId('sweep-dataset').selectOption('iris');
  await form.getByTestId('sweep-parallel').fill('1');
  await form.getByTestId('sweep-epochs').fill('5000');
  await form.getByTestId('sweep-engine').selectOption('cpu');
  await form.getByTestId('sweep-space-row').getByTestId('space-values').fill('0.001, 0.002, 0.003, 0.004');
  await page.getByTestId('start-sweep').click();

  const detail = page.getByTestId('sweep-detail');
  await expect(detail).toHaveAttribute('data-status', 'running');
  await expect(detail.getByTestId('sweep-trial-1')).toHaveAttribute('data-status', 'running');
  await page.getByTestId('cancel-sweep').click();
  await expect(detail).toHaveAttribute('data-status', 'cancelled');
  for (const i of [1, 2, 3, 4]) await expect(detail.getByTestId(`sweep-trial-${i}`)).toHaveAttribute('data-status', 'cancelled');
});
