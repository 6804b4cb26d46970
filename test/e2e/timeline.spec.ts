import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, dataset, test } from './fixtures';

test('a monitoring timeline flags the shifted chunks, and "Retrain on new data" trains and compares', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('adult.csv.gz'), '--name', 'adult']);
  const run = app.cli(['train', '--dataset', 'adult', '--epochs', '2', '--batch-size', '256', '--engine', 'wasm']) as { runId: string };
  // Six steady chunks of the population, then four of people over 60: a sudden shift.
  const lines = zlib.gunzipSync(fs.readFileSync(dataset('adult.csv.gz'))).toString('utf8').trimEnd().split(/\r?\n/);
  const body = lines.slice(1);
  const steady = body.filter((_, i) => i % 7 === 0).slice(0, 1800);
  const older = body.filter((l) => Number(l.split(',')[0]) > 60).slice(0, 1200);
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-timeline-')), 'batch.csv');
  fs.writeFileSync(csv, [lines[0], ...steady, ...older].join('\n'));

  await page.goto(app.url);
  await page.getByTestId('nav-timeline').click();
  await page.getByTestId('timeline-model').fill(run.runId);
  await page.getByTestId('timeline-current').fill(csv);
  await page.getByTestId('timeline-chunks').fill('10');
  await page.getByTestId('run-timeline').click();
  await expect(page.getByTestId('timeline-verdict')).toHaveAttribute('data-flagged', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('timeline-chunk-9')).toHaveAttribute('data-flagged', 'true');
  await expect(page.getByTestId('timeline-chunk-0')).toHaveAttribute('data-flagged', 'false');
  await expect(page.getByTestId('timeline-drift')).toHaveAttribute('data-points', '10');

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
