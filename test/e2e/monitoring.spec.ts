import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adultLines } from '../helpers';
import { expect, dataset, test } from './fixtures';

type DriftJson = {
  datasetDrift: boolean;
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  columns: { name: string; drifted: boolean }[];
};

/** adult.csv.gz cut to the rows with age > 45: the age column (and what goes with it) shifts. */
function writeOlderAdults(): string {
  const [header, ...rows] = adultLines();
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
  const shown = await rows.evaluateAll((els) =>
    els.map((e) => ({ name: e.getAttribute('data-testid')!.slice('drift-row-'.length), drifted: e.getAttribute('data-drifted') === 'true' })),
  );
  const drifted = expected.columns.filter((c) => c.drifted).map((c) => c.name);
  expect(
    shown
      .filter((r) => r.drifted)
      .map((r) => r.name)
      .sort(),
  ).toEqual([...drifted].sort());
  expect(shown.slice(0, drifted.length).every((r) => r.drifted)).toBe(true);

  // A version against itself: nothing drifts.
  await page.getByTestId('drift-current-path').fill('');
  await page.getByTestId('drift-current').selectOption({ index: 0 });
  await page.getByTestId('run-drift').click();
  await expect(verdict).toHaveAttribute('data-drift', 'false');
  await expect(page.getByTestId('drift-row-age')).toHaveAttribute('data-drifted', 'false');
  fs.rmSync(path.dirname(csvPath), { recursive: true, force: true });
});

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("the drift page opens on the champion's training data against its newest version, and that report runs", async ({ app, page }) => {
      // Listed first by name and sharing no feature column with iris (only the "label" column): a
      // default of "the first two versions" would pair it with iris.
      app.cli(['datasets', 'import', dataset('wine.csv'), '--name', 'chemistry']);
      app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
      const { runId } = app.cli(['train', '--dataset', 'iris', '--epochs', '2', '--engine', 'cpu']) as { runId: string };
      app.cli(['models', 'register', runId, '--name', 'iris-clf']);
      app.cli(['models', 'alias', 'iris-clf', '1', 'champion', '--reason', 'drift test']);
      // New data for the same table: iris without its first 40 rows (all setosa).
      const lines = fs.readFileSync(dataset('iris.csv'), 'utf8').trimEnd().split(/\r?\n/);
      const newer = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-drift-')), 'iris.csv');
      fs.writeFileSync(newer, [lines[0], ...lines.slice(41)].join('\n') + '\n');
      app.cli(['datasets', 'import', newer, '--name', 'iris']);
      const expected = app.cli(['drift', '--reference', 'iris@1', '--current', 'iris@2']) as DriftJson;

      await page.goto(app.url);
      await page.getByTestId('nav-monitoring').click();
      // The heading and the nav entry agree, and so does the window title.
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(await page.getByTestId('nav-monitoring').innerText());
      await expect(page).toHaveTitle('Drift · Cairn');
      await expect(page.getByTestId('drift-reference').locator('option:checked')).toHaveText(/^iris@1 /);
      await expect(page.getByTestId('drift-current').locator('option:checked')).toHaveText(/^iris@2 /);
      // A dataset is chosen, so there is no CSV path to type.
      await expect(page.getByTestId('drift-current-path')).toHaveCount(0);
      await page.getByTestId('run-drift').click();
      const verdict = page.getByTestId('drift-verdict');
      await expect(verdict).toHaveAttribute('data-drift', String(expected.datasetDrift));
      await expect(verdict).toContainText(`${expected.numberOfDriftedColumns} of ${expected.numberOfColumns}`);
      await expect(page.getByTestId('drift-error')).toHaveCount(0);

      // A pair with nothing in common can't be sent, and the page says why.
      // chemistry was imported first: dataset 1.
      await page.getByTestId('drift-reference').selectOption('1@1');
      await expect(page.getByTestId('run-drift')).toBeDisabled();
      await expect(page.getByTestId('drift-pair-problem')).toHaveText(
        'chemistry@1 and iris@2 share no feature column, so there is nothing to compare: choose versions of the same table',
      );
      // The CSV path shows only for the CSV source.
      await page.getByTestId('drift-current').selectOption('csv');
      await expect(page.getByTestId('drift-current-path')).toBeVisible();
      fs.rmSync(path.dirname(newer), { recursive: true, force: true });
    });
  });
}
