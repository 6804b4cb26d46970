import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, dataset, test, type ServedApp, watchErrors } from './fixtures';

async function openWorkspace(page: Page, app: ServedApp, datasetId: number, query = ''): Promise<void> {
  watchErrors(page);
  await app.open(page, `#/datasets/${datasetId}/label${query}`);
}

test('reviews labels with a, f + class and r, recorded under the reviewer from settings', async ({ page, app }) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-review-'));
  for (const f of fs.readdirSync(dataset('digits-images', '1')).sort().slice(0, 6)) fs.copyFileSync(dataset('digits-images', '1', f), path.join(folder, f));
  const { id } = app.cli(['datasets', 'import', folder, '--name', 'ones']) as { id: number };
  fs.rmSync(folder, { recursive: true, force: true });
  await app.call('labels.setSchema', { datasetId: id, task: 'single', classes: [{ name: 'zero' }, { name: 'one' }, { name: 'two' }] });
  const entries = (await app.call('labels.queue', { datasetId: id, limit: 10 })).entries;
  const [a, b, c] = entries;
  for (const e of [a, b, c]) await app.call('labels.save', { datasetId: id, itemIds: [e.itemId], value: { labels: ['one'] }, labeler: 'ana' });
  await app.call('labels.save', { datasetId: id, itemIds: [b.itemId], value: { labels: ['zero'] }, labeler: 'ben' });
  await app.call('settings.set', { labelerName: 'rita' });

  await openWorkspace(page, app, id, '?queue=unreviewed&view=review');
  const workspace = page.getByTestId('review-workspace');
  await expect(workspace).toHaveAttribute('data-item', String(a.itemId));
  await expect(page.getByTestId('history')).toContainText('ana gave one');
  await expect(page.getByTestId('shortcuts')).toContainText('f then class key');

  await page.keyboard.press('a');
  await expect(workspace).toHaveAttribute('data-item', String(b.itemId));
  await expect(page.getByTestId('item-info')).toContainText('ben');
  await page.keyboard.press('f');
  await expect(page.getByTestId('label-bar')).toBeVisible();
  await page.keyboard.press('3');
  await expect(workspace).toHaveAttribute('data-item', String(c.itemId));
  await page.keyboard.press('r');
  await expect(page.getByTestId('queue-end')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-pending', '0');

  const verdicts = await Promise.all([a, b, c].map((e) => app.call('labels.history', { datasetId: id, itemId: e.itemId })));
  expect(verdicts.map((h) => h.reviews.map((r) => [r.reviewer, r.verdict]))).toEqual([[['rita', 'accept']], [['rita', 'fix']], [['rita', 'reject']]]);
  expect(verdicts[1].annotations.at(-1)).toMatchObject({ labeler: 'rita', kind: 'review', value: { labels: ['two'] } });
  expect((await app.call('labels.queue', { datasetId: id, filter: { kind: 'unreviewed' } })).total).toBe(0);

  // The queue picker writes the queue into the URL.
  await page.getByTestId('queue-picker').selectOption('label');
  await expect(page).toHaveURL(/label\?queue=label&value=zero&view=review$/);
  await page.getByTestId('queue-value').selectOption('one');
  await expect(page).toHaveURL(/queue=label&value=one/);
  await expect(workspace).toHaveAttribute('data-item', String(a.itemId));
});

test('a 10,000-row table scrolls in the grid with only the visible cells in the page, and rows read as fields', async ({ page, app }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-big-'));
  const csv = path.join(dir, 'big.csv');
  fs.writeFileSync(csv, ['x,y,note', ...Array.from({ length: 10_000 }, (_, i) => `${i},${(i * 7) % 13},row number ${i}`)].join('\n') + '\n');
  const { id } = app.cli(['datasets', 'import', csv, '--name', 'big', '--no-label']) as { id: number };
  fs.rmSync(dir, { recursive: true, force: true });
  await app.call('labels.setSchema', { datasetId: id, task: 'single', classes: [{ name: 'low' }, { name: 'high' }] });

  await openWorkspace(page, app, id, '?view=grid');
  await expect(page.getByTestId('grid-cell-0')).toContainText('0');
  expect(await page.locator('[data-testid^="grid-cell-"]').count()).toBeLessThan(200);

  await page.getByTestId('grid').evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = page.getByTestId('grid-cell-9999');
  await expect(last).toContainText('9999');
  expect(await page.locator('[data-testid^="grid-cell-"]').count()).toBeLessThan(200);
  await last.click();
  await page.keyboard.press('2');
  await expect(last).toHaveAttribute('data-label', 'high');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-pending', '0');
  const stored = await app.call('labels.queue', { datasetId: id, filter: { kind: 'positions', positions: [9999] } });
  expect(stored.entries[0].mine).toEqual({ labels: ['high'] });

  // Double-click opens the item view on that row; its fields are a table.
  await last.dblclick();
  await expect(page).toHaveURL(/label$/);
  await expect(page.getByTestId('row-card')).toContainText('9999');
  await expect(page.getByTestId('progress')).toContainText('Item 10000 of 10000');
});

test('multi-label: class keys toggle, Enter saves the set and moves on', async ({ page, app }) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-multi-'));
  for (const f of fs.readdirSync(dataset('digits-images', '7')).sort().slice(0, 3)) fs.copyFileSync(dataset('digits-images', '7', f), path.join(folder, f));
  const { id } = app.cli(['datasets', 'import', folder, '--name', 'sevens']) as { id: number };
  fs.rmSync(folder, { recursive: true, force: true });
  await app.call('labels.setSchema', { datasetId: id, task: 'multi', classes: [{ name: 'thin' }, { name: 'bold' }, { name: 'slanted' }] });
  await openWorkspace(page, app, id);

  const workspace = page.getByTestId('item-workspace');
  const first = await workspace.getAttribute('data-item');
  await page.keyboard.press('1');
  await page.keyboard.press('3');
  await page.keyboard.press('2');
  await page.keyboard.press('2');
  await expect(page.getByTestId('draft-labels')).toHaveText('thin, slanted');
  await expect(workspace).toHaveAttribute('data-item', first!);
  await page.keyboard.press('Enter');
  await expect(workspace).not.toHaveAttribute('data-item', first!);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-pending', '0');
  const stored = await app.call('labels.queue', { datasetId: id, filter: { kind: 'all' } });
  expect(stored.entries.find((e) => String(e.itemId) === first)?.mine).toEqual({ labels: ['thin', 'slanted'] });
});
