import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, dataset, test } from './fixtures';

/** Every phase the import progress bar shows, in order, recorded as the page changes it. */
async function recordPhases(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { importPhases: string[] }).importPhases = seen;
    const note = () => {
      const phase = document.querySelector('[data-testid="import-progress"]')?.getAttribute('data-phase');
      if (phase && seen[seen.length - 1] !== phase) seen.push(phase);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
  });
}

const phases = (page: Page) => page.evaluate(() => (window as unknown as { importPhases: string[] }).importPhases);

async function openDatasets(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.goto(`${url.split('?')[0]}#/datasets`);
  await expect(page.getByTestId('dataset-import-form')).toBeVisible();
}

test('a chosen CSV is uploaded to cairn serve, imported with progress, and listed', async ({ app, page }) => {
  await openDatasets(page, app.url);
  await recordPhases(page);
  await page.getByTestId('import-file').setInputFiles(dataset('wine.csv'));
  await expect(page.getByTestId('import-file-name')).toHaveText('wine.csv');
  await expect(page.getByTestId('import-name')).toHaveAttribute('placeholder', 'wine');
  await page.getByTestId('import-dataset').click();
  await expect(page.getByTestId('import-done')).toContainText('Imported wine (v1, 178 rows)');
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-phase', 'done');
  expect(await phases(page)).toEqual(expect.arrayContaining(['uploading', 'checking', 'importing', 'done']));
  await expect(page.getByTestId('datasets-table')).toContainText('wine');
  // The uploaded copy is consumed by its import.
  expect(fs.readdirSync(path.join(app.dataDir, 'uploads'))).toEqual([]);
});

test('a dropped text file imports unlabeled, and a bad file shows its line', async ({ app, page }) => {
  await openDatasets(page, app.url);
  await recordPhases(page);
  const drop = async (name: string, text: string) => {
    const dataTransfer = await page.evaluateHandle(
      ([n, t]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([t], n, { type: 'text/plain' }));
        return dt;
      },
      [name, text],
    );
    await page.getByTestId('import-drop').dispatchEvent('drop', { dataTransfer });
    await expect(page.getByTestId('import-file-name')).toHaveText(name);
  };

  await drop('reviews.txt', 'Loved it, would buy again\nBroke after two days\n\nFine for the price\n');
  await page.getByTestId('import-dataset').click();
  await expect(page.getByTestId('import-done')).toContainText('Imported reviews (v1, 3 rows)');
  expect(await phases(page)).toEqual(expect.arrayContaining(['uploading', 'done']));
  const listed = app.cli(['datasets', 'show', 'reviews']) as { version: { labelColumn: string | null; columns: { name: string; type: string }[] } };
  expect(listed.version.labelColumn).toBeNull();
  expect(listed.version.columns).toMatchObject([{ name: 'text', type: 'text' }]);

  await drop('bad.csv', 'a,b,label\n1,2,x\n3,4\n');
  await page.getByTestId('import-dataset').click();
  await expect(page.getByRole('alert')).toContainText('line 3: expected 3 fields, found 2');
  expect(fs.readdirSync(path.join(app.dataDir, 'uploads'))).toEqual([]);
});
