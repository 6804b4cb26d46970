import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adultLines } from '../helpers';
import { expect, dataset, test } from './fixtures';

test('a monitoring timeline, its model picked from a list, flags the shifted chunks, marks the sudden change and notes the gradual one, and "Retrain on new data" trains and compares', async ({
  app,
  page,
}) => {
  // Two trainings (the model, then the retrain) on Adult: past the default on a loaded machine.
  test.setTimeout(480_000);
  app.cli(['datasets', 'import', dataset('adult.csv.gz'), '--name', 'adult']);
  const run = app.cli(['train', '--dataset', 'adult', '--epochs', '2', '--batch-size', '256', '--engine', 'wasm', '--name', 'adult-mlp']) as { runId: string };
  // Six steady chunks of the population, then four of people over 60: a sudden shift.
  const lines = adultLines();
  const body = lines.slice(1);
  const steady = body.filter((_, i) => i % 7 === 0).slice(0, 1800);
  const older = body.filter((l) => Number(l.split(',')[0]) > 60).slice(0, 1200);
  // Meanwhile the census weight creeps up 10% a chunk of 300 rows: a slow drift.
  const fnlwgt = lines[0].split(',').indexOf('fnlwgt');
  const batch = [...steady, ...older].map((l, i) => {
    const v = l.split(',');
    v[fnlwgt] = String(Math.round(Number(v[fnlwgt]) * (1 + 0.1 * Math.floor(i / 300))));
    return v.join(',');
  });
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-timeline-')), 'batch.csv');
  fs.writeFileSync(csv, [lines[0], ...batch].join('\n'));

  await page.goto(app.url);
  await page.getByTestId('nav-timeline').click();
  await expect(page).toHaveTitle('Timeline · Cairn');
  // Nothing to run on yet: the button says why instead of doing nothing.
  await expect(page.getByTestId('run-timeline')).toBeDisabled();
  await expect(page.getByTestId('timeline-missing')).toHaveText('Choose a model');
  // The run is found by its name, not typed as an id.
  await page.getByTestId('timeline-model-search').fill('ADULT-mlp');
  await expect(page.getByTestId('timeline-model').locator('option')).toHaveCount(1);
  await page.getByTestId('timeline-model').selectOption(run.runId);
  await expect(page.getByTestId('timeline-missing')).toHaveText('Choose the current data');
  await page.getByTestId('timeline-current').fill(csv);
  await expect(page.getByTestId('run-timeline')).toBeEnabled();
  await page.getByTestId('timeline-chunks').fill('10');
  // Each right prediction is worth 1 (the rest 0): the value per 1,000 is 1,000 × accuracy.
  await page.getByTestId('timeline-value-tp').fill('1');
  await page.getByTestId('timeline-value-tn').fill('1');
  await page.getByTestId('run-timeline').click();
  await expect(page.getByTestId('timeline-verdict')).toHaveAttribute('data-flagged', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('timeline-chunk-9')).toHaveAttribute('data-flagged', 'true');
  await expect(page.getByTestId('timeline-chunk-0')).toHaveAttribute('data-flagged', 'false');
  await expect(page.getByTestId('timeline-drift')).toHaveAttribute('data-points', '10');
  await expect(page.getByTestId('timeline-chunks-table')).toHaveClass('data-table');

  // The same timeline from the API, to hold the page against.
  const timeline = await app.call('monitoring.timeline', { model: run.runId, current: { path: csv }, chunks: 10, values: { tp: 1, fp: 0, tn: 1, fn: 0 } });
  expect(timeline.business).toEqual({ values: { tp: 1, fp: 0, tn: 1, fn: 0 }, source: 'labels', column: 'income-per-year', kind: 'class' });
  for (const c of timeline.chunks) expect(c.business!.realized!).toBeCloseTo(1000 * c.realized!.accuracy, 9);
  await expect(page.getByTestId('timeline-value')).toHaveAttribute('data-points', '20');
  await expect(page.getByTestId('trend-realized_value')).toHaveAttribute('data-kind', timeline.trends.realized_value!.kind);
  // Each chart holds its series' bands, mean ± 3 std of the reference chunks, as a filled region between two edges.
  for (const [chart, series] of [
    ['timeline-drift', ['drift_share']],
    ['timeline-accuracy', ['accuracy', 'estimated_accuracy']],
    ['timeline-value', ['realized_value', 'expected_value']],
  ] as const) {
    const drawn = JSON.parse((await page.getByTestId(chart).getAttribute('data-bands'))!) as { id: string; fill: string | boolean; y: number[] }[];
    expect(drawn.map((b) => [b.id, b.fill])).toEqual(
      series.flatMap((s) => [
        [`${s}-lower`, false],
        [`${s}-upper`, '-1'],
      ]),
    );
    for (const s of series) {
      const band = timeline.bands[s]!;
      expect(band.upper).toBeCloseTo(band.mean + 3 * band.std, 12);
      expect(band.lower).toBeCloseTo(band.mean - 3 * band.std, 12);
      const [lower, upper] = [drawn.find((b) => b.id === `${s}-lower`)!, drawn.find((b) => b.id === `${s}-upper`)!];
      for (const y of lower.y) expect(y).toBeCloseTo(band.lower, 9);
      for (const y of upper.y) expect(y).toBeCloseTo(band.upper, 9);
    }
  }
  // The sudden shift: a labelled marker between chunks 5 and 6 on the drift chart, and its note.
  const share = timeline.trends.drift_share!;
  expect(share.kind).toBe('sudden');
  expect(share.change!.index).toBe(6);
  const markers = JSON.parse((await page.getByTestId('timeline-drift').getAttribute('data-markers'))!) as { x: number; label: string }[];
  expect(markers).toHaveLength(1);
  expect(markers[0].x).toBe(5.5);
  expect(markers[0].label).toMatch(/^share of drifted columns: sudden: \+\d+\.\d pp at chunk 6$/);
  await expect(page.getByTestId('trend-drift_share')).toHaveAttribute('data-kind', 'sudden');
  await expect(page.getByTestId('trend-drift_share')).toHaveText(markers[0].label);
  // The slow drift: the weight column's score trends up, with its slope and p-value.
  expect(timeline.columnTrends.fnlwgt).toMatchObject({ kind: 'gradual' });
  const gradual = page.getByTestId('column-change-fnlwgt');
  await expect(gradual).toHaveAttribute('data-kind', 'gradual');
  await expect(gradual).toHaveText(/^fnlwgt gradual: \+0\.\d+\/chunk, p(<0\.001|=0\.0\d\d)$/);
  // The shifted chunk's alerts, grouped: data drift, prediction drift, performance, then its columns, folded.
  const order = ['data_drift', 'prediction_drift', 'performance', 'columns'];
  const last = timeline.chunks[9];
  const kinds = last.alertGroups.map((g) => g.kind);
  expect(kinds[0]).toBe('data_drift');
  expect(kinds).toEqual([...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  const groups = page.getByTestId('timeline-chunk-9').getByTestId('alert-group');
  await expect(groups).toHaveCount(kinds.length);
  expect(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(kinds);
  await expect(groups.first()).toContainText('Data drift: share of drifted columns');
  const columns = last.alertGroups.find((g) => g.kind === 'columns');
  if (columns) {
    const folded = page.getByTestId('timeline-chunk-9').locator('details[data-kind="columns"]');
    await expect(folded).not.toHaveAttribute('open');
    await expect(folded.locator('summary')).toHaveText(
      `${columns.alerts.length} column${columns.alerts.length === 1 ? '' : 's'} outside ${columns.alerts.length === 1 ? 'its band' : 'their bands'}`,
    );
    await expect(folded.locator('li').first()).not.toBeVisible();
  }
  // A steady chunk has nothing outside the series bands.
  expect(timeline.chunks[0].alertGroups.filter((g) => g.kind !== 'columns')).toEqual([]);

  await page.getByTestId('retrain').click();
  const result = page.getByTestId('retrain-result');
  await expect(result).toBeVisible({ timeout: 170_000 });
  const runs = app.cli(['runs', 'list']) as { id: string; status: string; datasetVersion: number }[];
  expect(runs).toHaveLength(2);
  expect(runs[0]).toMatchObject({ status: 'finished', datasetVersion: 2 });
  const ds = app.cli(['datasets', 'show', 'adult']) as { version: { rows: number } };
  expect(ds.version.rows).toBe(body.length + steady.length + older.length);
  await expect(result).toContainText(runs[0].id.slice(0, 8));
});

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('the timeline takes a registered alias from the list and renders its chunks', async ({ app, page }) => {
      app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
      const { runId } = app.cli(['train', '--dataset', 'iris', '--epochs', '2', '--engine', 'cpu', '--name', 'iris-mlp']) as { runId: string };
      app.cli(['models', 'register', runId, '--name', 'iris-clf']);
      app.cli(['models', 'alias', 'iris-clf', '1', 'challenger']);

      await app.open(page, '#/monitoring/timeline');
      const picker = page.getByTestId('timeline-model');
      // Aliases, versions and finished runs, grouped.
      await expect(picker.locator('optgroup')).toHaveCount(2);
      await expect(picker.locator('option')).toHaveText(['iris-clf@challenger (v1)', 'iris-clf v1 · iris@1', `iris-mlp · ${runId.slice(0, 8)} · iris@1`]);
      await page.getByTestId('timeline-model-search').fill('challenger');
      await picker.selectOption('iris-clf@challenger');
      await page.getByTestId('timeline-current').fill('iris');
      await page.getByTestId('timeline-chunks').fill('5');
      await page.getByTestId('run-timeline').click();
      await expect(page.getByTestId('timeline-verdict')).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId('timeline-error')).toHaveCount(0);
      await expect(page.getByTestId('timeline-chunks-table').locator('tbody tr')).toHaveCount(5);
      await expect(page.getByTestId('timeline-drift')).toHaveAttribute('data-points', '5');
      // The table sits inside the page's width, as the other tables do.
      const fits = await page.getByTestId('timeline-chunks-table').evaluate((t) => t.getBoundingClientRect().right <= document.documentElement.clientWidth);
      expect(fits).toBe(true);
    });
  });
}
