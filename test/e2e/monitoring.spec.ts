import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, dataset, test } from './fixtures';

type DriftJson = {
  datasetDrift: boolean;
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  columns: { name: string; drifted: boolean }[];
};

/** adult.csv.gz cut to the rows with age > 45: the age column (and what goes with it) shifts. */
function writeOlderAdults(): string {
  const text = zlib.gunzipSync(fs.readFileSync(dataset('adult.csv.gz'))).toString('utf8');
  const [header, ...rows] = text.split(/\r?\n/).filter(Boolean);
  const age = header.split(',').indexOf('age');
  const kept = rows.filter((r) => Number(r.split(',')[age]) > 45);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-drift-')), 'adult-over-45.csv');
  fs.writeFileSync(file, [header, ...kept].join('\n') + '\n');
  return file;
}

test('drift report: a shifted CSV against the adult reference, matching cairn drift', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('adult.csv.gz'), '--name', 'adult']);
  const csvPath = writeOlderAdults();
  const expected = app.cli(['drift', '--reference', 'adult', '--current', csvPath]) as DriftJson;
  expect(expected.columns.find((c) => c.name === 'age')?.drifted).toBe(true);

  await page.goto(app.url);
  await page.getByTestId('nav-monitoring').click();
  await expect(page.getByTestId('drift-reference')).toHaveValue(/@1$/);
  await page.getByTestId('drift-current').selectOption('csv');
  await page.getByTestId('drift-current-path').fill(csvPath);
  await page.getByTestId('run-drift').click();

  const verdict = page.getByTestId('drift-verdict');
  await expect(verdict).toHaveAttribute('data-drift', String(expected.datasetDrift));
  await expect(verdict).toContainText(`${expected.numberOfDriftedColumns} of ${expected.numberOfColumns}`);

  const age = page.getByTestId('drift-row-age');
  await expect(age).toHaveAttribute('data-drifted', 'true');
  const chart = page.getByTestId('drift-chart-age');
  await expect(chart).toHaveAttribute('data-kind', 'histogram');
  await expect.poll(async () => Number(await chart.getAttribute('data-bars'))).toBeGreaterThan(1);
  // chart.js has drawn into the canvas (it sizes it to the card).
  await expect.poll(() => chart.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
  // A categorical column gets grouped category bars.
  await expect(page.getByTestId('drift-chart-workclass')).toHaveAttribute('data-kind', 'categories');

  // The same columns drift in the UI and in the CLI, and the drifted ones are listed first.
  const rows = page.locator('[data-testid^="drift-row-"]');
  await expect(rows).toHaveCount(expected.columns.length);
  const shown = await rows.evaluateAll((els) => els.map((e) => ({ name: e.getAttribute('data-testid')!.slice('drift-row-'.length), drifted: e.getAttribute('data-drifted') === 'true' })));
  const drifted = expected.columns.filter((c) => c.drifted).map((c) => c.name);
  expect(shown.filter((r) => r.drifted).map((r) => r.name).sort()).toEqual([...drifted].sort());
  expect(shown.slice(0, drifted.length).every((r) => r.drifted)).toBe(true);

  // A version against itself: nothing drifts.
  await page.getByTestId('drift-current-path').fill('');
  await page.getByTestId('drift-current').selectOption({ index: 0 });
  await page.getByTestId('run-drift').click();
  await expect(verdict).toHaveAttribute('data-drift', 'false');
  await expect(page.getByTestId('drift-row-age')).toHaveAttribute('data-drifted', 'false');
  fs.rmSync(path.dirname(csvPath), { recursive: true, force: true });
});
