import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, dataset, test, watchErrors } from './fixtures';

// `cairn serve` lets the page read and write files only under its folders (here: the checkout it
// started in and the temp folder it was allowed); a path elsewhere is refused in one line in the
// form, and nothing is read or written.

test('in the browser, paths outside the folders cairn serve may use are refused in the form and nothing is written', async ({ app, page }) => {
  const errors = watchErrors(page, { allowFailedLoads: true });
  // Outside both roots (the temp folder and the checkout): a folder in the home folder, made for the test.
  const outside = fs.mkdtempSync(path.join(os.homedir(), '.cairn-e2e-outside-'));
  test.skip(outside.startsWith(os.tmpdir()) || outside.startsWith(path.resolve(__dirname, '..', '..')), 'no folder outside the allowed ones is writable here');
  fs.copyFileSync(dataset('iris.csv'), path.join(outside, 'iris.csv'));
  try {
    await page.goto(app.url);
    await page.goto(`${app.url.split('?')[0]}#/datasets`);
    const form = page.getByTestId('dataset-import-form');
    await page.getByTestId('import-path').fill(path.join(outside, 'iris.csv'));
    await page.getByTestId('import-name').fill('stolen');
    await page.getByTestId('import-dataset').click();
    await expect(form.getByRole('alert')).toHaveText(
      `${path.join(outside, 'iris.csv')}: outside the folders cairn serve may read and write (${fs.realpathSync(path.join(app.dataDir, 'uploads'))}, ${fs.realpathSync(path.resolve(__dirname, '..', '..'))}, ${fs.realpathSync(os.tmpdir())}); add one with --allow-path`,
    );
    expect(app.cli(['datasets', 'list'])).toEqual([]);

    // The same file inside an allowed folder imports.
    await page.getByTestId('import-path').fill(dataset('iris.csv'));
    await page.getByTestId('import-name').fill('iris');
    await page.getByTestId('import-dataset').click();
    await expect(page.getByTestId('import-done')).toContainText('Imported iris (v1, 150 rows)');

    const [ds] = app.cli(['datasets', 'list']) as { id: number }[];
    await page.goto(`${app.url.split('?')[0]}#/datasets/${ds.id}`);
    const exportForm = page.getByTestId('dataset-export-form');
    await exportForm.getByTestId('dataset-export-format').selectOption('csv');
    await exportForm.getByTestId('dataset-export-path').fill(path.join(outside, 'out', 'iris.csv'));
    await exportForm.getByTestId('dataset-export-submit').click();
    await expect(exportForm.getByTestId('dataset-export-error')).toContainText('outside the folders cairn serve may read and write');
    expect(fs.readdirSync(outside)).toEqual(['iris.csv']);
    expect(errors).toEqual([]);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
