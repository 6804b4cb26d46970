import { expect, dataset, test } from './fixtures';

type EvaluationJson = {
  id: number;
  passed: boolean;
  report: {
    overall: { accuracy: number };
    confusion: { labels: string[]; matrix: number[][]; rows: number[][][] };
    fairness: { column: string; demographicParityDifference: { between_groups: number } }[];
  };
};

test('evaluation: gates, metrics, confusion rows and curves; fairness with mitigation on adult; a drift report', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('breast_cancer.csv'), '--name', 'breast_cancer']);
  app.cli(['datasets', 'import', dataset('adult.csv.gz'), '--name', 'adult']);
  const { runId } = app.cli(['train', '--dataset', 'breast_cancer', '--epochs', '5', '--engine', 'cpu', '--name', 'bc']) as { runId: string };
  // No failing gate here: the CLI exits 5 when one fails.
  const expected = app.cli(['evaluate', '--run', runId, '--dataset', 'breast_cancer']) as EvaluationJson;

  await page.goto(`${app.url}#/runs/${runId}`);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished');
  await expect(page.getByTestId('run-evaluations')).toHaveAttribute('data-count', '1');
  await page.getByTestId('evaluate-run').click();

  const form = page.getByTestId('evaluation-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('eval-dataset')).toHaveValue(/@1$/);
  await expect(page.getByTestId('eval-dataset').locator('option:checked')).toHaveText(/^breast_cancer@1/);
  // No stored split: every row is evaluated, and the form says the training rows are among them.
  await expect(page.getByTestId('eval-split')).toHaveValue('all');
  await expect(page.getByTestId('eval-split-hint')).toContainText('No stored split');
  // One gate that holds for any trained model, one that no model meets.
  await page.getByTestId('eval-gates').fill('accuracy >= 0.5\nlog_loss <= 0');
  await page.getByTestId('run-evaluation').click();

  const report = page.getByTestId('evaluation-report');
  await expect(report).toHaveAttribute('data-passed', 'false');
  await expect(page.getByTestId('evaluation-warning')).toContainText('breast_cancer@1 has no stored split, so every row is evaluated');
  await expect(page.getByTestId('training-data-banner')).toContainText('Evaluated on training data');
  await expect(page.getByTestId('gate-row-0')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('gate-row-1')).toHaveAttribute('data-passed', 'false');
  await expect(page.getByTestId('gate-row-1')).toContainText('log_loss <= 0');

  // The same model on the same data: the UI's accuracy is the CLI's.
  const accuracy = Number(await page.getByTestId('metric-accuracy').getAttribute('data-value'));
  expect(accuracy).toBeCloseTo(expected.report.overall.accuracy, 12);

  // A cell's count and, once clicked, its rows.
  const { matrix, rows } = expected.report.confusion;
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  for (let i = 0; i < matrix.length; i++)
    for (let j = 0; j < matrix.length; j++) await expect(page.getByTestId(`confusion-cell-${i}-${j}`)).toHaveAttribute('data-count', String(matrix[i][j]));
  await page.getByTestId('confusion-cell-0-0').click();
  const cellRows = page.getByTestId('confusion-rows');
  await expect(cellRows).toHaveAttribute('data-count', String(rows[0][0].length));
  await expect(cellRows).toContainText(rows[0][0].slice(0, 50).join(', '));

  for (const chart of ['roc-chart', 'pr-chart', 'calibration-chart']) {
    await expect.poll(async () => Number(await page.getByTestId(chart).getAttribute('data-points'))).toBeGreaterThan(1);
  }
  await expect(page.getByTestId('slices-table')).toBeVisible();

  // The run's page lists both evaluations (the CLI's and the UI's).
  await page.goto(`${app.url}#/runs/${runId}`);
  await expect(page.getByTestId('run-evaluations')).toHaveAttribute('data-count', '2');

  // Fairness by sex on adult, with outcome values for the business section.
  const adult = app.cli(['train', '--dataset', 'adult', '--epochs', '2', '--batch-size', '256', '--engine', 'cpu', '--name', 'adult-mlp']) as { runId: string };
  const expectedFair = app.cli(['evaluate', '--run', adult.runId, '--dataset', 'adult', '--sensitive', 'sex']) as EvaluationJson;
  await page.goto(`${app.url}#/evaluations/new?run=${adult.runId}`);
  await expect(page.getByTestId('eval-dataset').locator('option:checked')).toHaveText(/^adult@1/);
  await page.getByTestId('eval-gates').fill('');
  await page.getByTestId('eval-sensitive-sex').check();
  await page.getByTestId('eval-value-tp').fill('100');
  await page.getByTestId('eval-value-fp').fill('-20');
  await page.getByTestId('run-evaluation').click();

  // No gates is its own verdict, not a pass.
  await expect(report).toHaveAttribute('data-gate-status', 'no_gates');
  await expect(report).toHaveAttribute('data-passed', 'false');
  await expect(page.getByTestId('gates-banner')).toContainText('No gates');
  const fairness = page.getByTestId('fairness-sex');
  await expect(fairness).toBeVisible();
  const dp = Number(await fairness.getByTestId('fairness-dp-difference').getAttribute('data-value'));
  expect(dp).toBeCloseTo(expectedFair.report.fairness[0].demographicParityDifference.between_groups, 12);
  await expect(fairness.getByTestId('fairness-group-Male')).toBeVisible();
  const mitigation = page.getByTestId('mitigation-sex');
  await expect(mitigation).toBeVisible();
  await expect(mitigation.getByTestId('mitigation-thresholds').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('mitigation-chart-sex')).toHaveAttribute('data-bars', '2');
  await expect(page.getByTestId('business-value')).toBeVisible();

  // And a drift report: adult against itself drifts nowhere.
  await page.getByTestId('nav-monitoring').click();
  const adultKey = await page.getByTestId('drift-reference').locator('option', { hasText: 'adult@1' }).getAttribute('value');
  await page.getByTestId('drift-reference').selectOption(adultKey!);
  await page.getByTestId('drift-current').selectOption(adultKey!);
  await page.getByTestId('run-drift').click();
  await expect(page.getByTestId('drift-verdict')).toHaveAttribute('data-drift', 'false');
  await expect(page.getByTestId('drift-row-sex')).toHaveAttribute('data-drifted', 'false');
});

test('evaluation on held-out rows: the form defaults to the test part of a split version; the train part is marked as training data', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const { counts } = app.cli(['datasets', 'split', 'iris']) as { counts: { train: number; validation: number; test: number } };
  const { runId } = app.cli(['train', '--dataset', 'iris', '--epochs', '5', '--engine', 'cpu', '--name', 'iris-split']) as { runId: string };

  await page.goto(`${app.url}#/evaluations/new?run=${runId}`);
  await expect(page.getByTestId('eval-dataset').locator('option:checked')).toHaveText(/^iris@1/);
  const split = page.getByTestId('eval-split');
  await expect(split).toBeEnabled();
  await expect(split).toHaveValue('test');
  await expect(split.locator('option:checked')).toHaveText(`Test part (${counts.test} rows)`);
  await page.getByTestId('eval-gates').fill('');
  await page.getByTestId('run-evaluation').click();

  const report = page.getByTestId('evaluation-report');
  await expect(report).toHaveAttribute('data-split', 'test');
  await expect(page.getByTestId('evaluation-split')).toContainText('test split');
  await expect(report).toContainText(`(${counts.test} rows`);
  await expect(report).toHaveAttribute('data-gate-status', 'no_gates');
  await expect(page.getByTestId('gates-banner')).toHaveAttribute('data-status', 'no_gates');
  await expect(page.getByTestId('training-data-banner')).toHaveCount(0);

  // The rows the model was fitted on: evaluated if asked, and marked as such.
  await page.goto(`${app.url}#/evaluations/new?run=${runId}`);
  await expect(split).toBeEnabled();
  await split.selectOption('train');
  await page.getByTestId('eval-gates').fill('accuracy >= 0');
  await page.getByTestId('run-evaluation').click();
  await expect(report).toHaveAttribute('data-split', 'train');
  const banner = page.getByTestId('training-data-banner');
  await expect(banner).toContainText(`Evaluated on training data (${counts.train} of ${counts.train} rows)`);
  await expect(page.getByTestId('gates-banner')).toHaveAttribute('data-status', 'passed');

  // The run's page badges both: no gates on the test part, training data on the train part.
  await page.goto(`${app.url}#/runs/${runId}`);
  const list = page.getByTestId('run-evaluations');
  await expect(list).toHaveAttribute('data-count', '2');
  await expect(list.getByTestId('gate-badge')).toHaveText(['passed', 'no gates']);
  await expect(list.getByTestId('training-data-badge')).toHaveCount(1);
});
