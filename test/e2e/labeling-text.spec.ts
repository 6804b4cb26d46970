import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, watchErrors, type ServedApp } from './fixtures';

const REVIEWS = [
  'The battery lasts two full days and the screen is bright',
  'Stopped working after a week and support never answered',
  'Does exactly what it says, happy with it',
  'Arrived broken, the box was crushed',
  'Great value for the money, would buy again',
  'Loud, slow and the manual is useless',
];

async function open(page: Page, app: ServedApp, id: number): Promise<void> {
  watchErrors(page);
  await app.open(page, `#/datasets/${id}/label?queue=unlabeled`);
}

test('text classification: a .txt of reviews is labeled by keyboard, saved as a version and exported with its labels', async ({ page, app }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-text-'));
  const file = path.join(dir, 'reviews.txt');
  fs.writeFileSync(file, REVIEWS.join('\n') + '\n');
  const ds = app.cli(['datasets', 'import', file, '--name', 'reviews']) as { id: number; rows: number };
  expect(ds.rows).toBe(6);
  app.cli(['labels', 'schema', 'reviews', '--task', 'single', '--classes', 'positive,negative']);

  await open(page, app, ds.id);
  const card = page.getByTestId('row-card');
  for (let i = 0; i < REVIEWS.length; i++) {
    await expect(card).toContainText(REVIEWS[i]);
    await page.keyboard.press(i % 2 === 0 ? '1' : '2');
  }
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-pending', '0');

  const version = app.cli(['labels', 'commit', 'reviews']) as { version: number; labelColumn: string; classes: string[] };
  expect(version).toMatchObject({ version: 2, labelColumn: 'label', classes: ['negative', 'positive'] });
  const out = path.join(dir, 'reviews.csv');
  app.cli(['datasets', 'export', 'reviews', '--format', 'csv', '--out', out]);
  const rows = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
  expect(rows[0]).toBe('text,label');
  expect(rows.slice(1)).toEqual(REVIEWS.map((r, i) => `${r.includes(',') ? `"${r}"` : r},${i % 2 === 0 ? 'positive' : 'negative'}`));
  fs.rmSync(dir, { recursive: true, force: true });
});
