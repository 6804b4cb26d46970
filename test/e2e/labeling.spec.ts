import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import type { Box, QueueEntry } from '../../shared/labeling/types';
import { expect, dataset, test, type ServedApp, watchErrors } from './fixtures';

/** 30 unlabeled digits (ten each of 0, 1, 2) in one flat folder; the file name starts with the digit. */
function unlabeledDigits(app: ServedApp): number {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-digits-'));
  for (const d of ['0', '1', '2']) {
    const files = fs.readdirSync(dataset('digits-images', d)).sort().slice(0, 10);
    for (const f of files) fs.copyFileSync(dataset('digits-images', d, f), path.join(folder, `${d}-${f}`));
  }
  const ds = app.cli(['datasets', 'import', folder, '--name', 'digits']) as { id: number };
  fs.rmSync(folder, { recursive: true, force: true });
  return ds.id;
}

async function openWorkspace(page: Page, app: ServedApp, datasetId: number, query = ''): Promise<void> {
  watchErrors(page);
  await app.open(page, `#/datasets/${datasetId}/label${query}`);
}

const allEntries = async (app: ServedApp, datasetId: number): Promise<QueueEntry[]> => (await app.call('labels.queue', { datasetId, limit: 1000 })).entries;
const DIGIT_CLASS: Record<string, string> = { '0': 'zero', '1': 'one', '2': 'two' };

test('labels 20 digits by keyboard alone, undoes twice, and the core holds exactly the 18 left', async ({ page, app }) => {
  const id = unlabeledDigits(app);
  await openWorkspace(page, app, id, '?queue=unlabeled');

  // A dataset without classes opens the label set editor.
  await expect(page.getByTestId('schema-editor')).toBeVisible();
  await page.getByTestId('class-name-0').fill('zero');
  await page.getByTestId('add-class').click();
  await page.getByTestId('class-name-1').fill('one');
  await page.getByTestId('add-class').click();
  await page.getByTestId('class-name-2').fill('two');
  // The key an empty field will get shows as its placeholder: a one-character name is its own key.
  await expect(page.getByTestId('class-key-2')).toHaveAttribute('placeholder', '3');
  await page.getByTestId('class-name-2').fill('2');
  await expect(page.getByTestId('class-key-2')).toHaveAttribute('placeholder', '2');
  await expect(page.getByTestId('class-key-1')).toHaveAttribute('placeholder', '3');
  await page.getByTestId('class-name-2').fill('two');
  await page.getByTestId('save-schema').click();
  await expect(page.getByTestId('class-zero')).toContainText('1');
  await expect(page.getByTestId('class-two')).toContainText('3');
  await expect(page.getByTestId('shortcuts')).toContainText('Ctrl+Z');

  const byId = new Map((await allEntries(app, id)).map((e) => [e.itemId, e]));
  const workspace = page.getByTestId('item-workspace');
  const labeled: number[] = [];
  const waits: number[] = [];
  for (let i = 0; i < 20; i++) {
    const itemId = Number(await workspace.getAttribute('data-item'));
    await expect(page.getByTestId('item-image')).toHaveAttribute('data-item', String(itemId));
    const digit = byId.get(itemId)!.name![0];
    const t0 = Date.now();
    await page.keyboard.press(String(Number(digit) + 1));
    await expect(workspace).not.toHaveAttribute('data-item', String(itemId));
    waits.push(Date.now() - t0);
    labeled.push(itemId);
  }
  console.log(`next item on screen after a key, median ${waits.sort((a, b) => a - b)[10]} ms (includes Playwright's polling)`);
  await expect(page.getByTestId('progress')).toContainText('Item 21 of 30');

  await page.keyboard.press('Control+z');
  await expect(workspace).toHaveAttribute('data-item', String(labeled[19]));
  await expect(page.getByTestId('my-label')).toHaveText('—');
  await page.keyboard.press('Control+z');
  await expect(workspace).toHaveAttribute('data-item', String(labeled[18]));
  await expect(page.getByTestId('my-label')).toHaveText('—');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-pending', '0');
  await expect(page.getByTestId('labeled-count')).toContainText('18 of 30 labeled');

  const stored = await allEntries(app, id);
  for (const e of stored) {
    const expected = labeled.slice(0, 18).includes(e.itemId) ? { labels: [DIGIT_CLASS[e.name![0]]] } : null;
    expect(e.mine, `${e.name}`).toEqual(expected);
  }
  const history = await app.call('labels.history', { datasetId: id, itemId: labeled[0] });
  expect(history.annotations[0].seconds).toBeGreaterThan(0);
});

test('on digits 0-9 the key is the digit seen: pressing it labels the item so, and the label applied flashes', async ({ page, app }) => {
  // One image per digit, in class folders, so the label set is the classes 0-9 with default keys.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-digits-'));
  for (const d of '0123456789') {
    fs.mkdirSync(path.join(folder, d));
    const [f] = fs.readdirSync(dataset('digits-images', d)).sort();
    fs.copyFileSync(dataset('digits-images', d, f), path.join(folder, d, f));
  }
  const { id } = app.cli(['datasets', 'import', folder, '--name', 'digits']) as { id: number };
  fs.rmSync(folder, { recursive: true, force: true });
  await openWorkspace(page, app, id, '?queue=all');
  await expect(page.getByTestId('class-7')).toContainText('7');

  const digitOf = new Map((await allEntries(app, id)).map((e) => [e.itemId, e.versionLabel!.labels[0]]));
  const workspace = page.getByTestId('item-workspace');
  const flash = page.getByRole('status').and(page.getByTestId('label-flash'));
  for (let i = 0; i < 10; i++) {
    const itemId = Number(await workspace.getAttribute('data-item'));
    const digit = digitOf.get(itemId)!;
    await page.keyboard.press(digit);
    await expect(flash).toHaveText(`Labeled ${digit}`);
    await expect(flash.locator('.label-flash')).toHaveAttribute('data-label', digit);
    if (i < 9) await expect(workspace).not.toHaveAttribute('data-item', String(itemId));
  }
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-pending', '0');
  const stored = await allEntries(app, id);
  expect(stored.map((e) => [e.versionLabel!.labels[0], e.mine?.labels])).toEqual(stored.map((e) => [e.versionLabel!.labels[0], e.versionLabel!.labels]));
  expect(stored.find((e) => e.versionLabel!.labels[0] === '7')!.mine).toEqual({ labels: ['7'] });
});

test('bulk-labels 10 digits in the grid with shift-click and a marquee, one save each', async ({ page, app }) => {
  const id = unlabeledDigits(app);
  await app.call('labels.setSchema', { datasetId: id, task: 'single', classes: [{ name: 'zero' }, { name: 'one' }, { name: 'two' }] });
  await openWorkspace(page, app, id, '?view=grid');

  const grid = page.getByTestId('grid');
  await expect(page.getByTestId('grid-cell-9').locator('img')).toBeVisible();
  const columns = Number(await grid.getAttribute('data-columns'));
  expect(columns).toBeGreaterThanOrEqual(5);

  await page.getByTestId('grid-cell-0').click();
  await page.getByTestId('grid-cell-4').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('grid-selection')).toContainText('5 selected');
  await page.keyboard.press('2');
  await expect(page.getByTestId('grid-cell-4')).toHaveAttribute('data-label', 'one');
  await expect(page.getByTestId('label-flash')).toHaveText('Labeled 5 items one');
  await expect(page.getByTestId('grid-selection')).toContainText('0 selected');

  // A marquee from the middle of cell 5 to the middle of cell 9 (the next cells, wrapping if need be).
  const from = (await page.getByTestId('grid-cell-5').boundingBox())!;
  const to = (await page.getByTestId('grid-cell-9').boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
  await expect(page.getByTestId('marquee')).toBeVisible();
  await page.mouse.up();
  // At this width a row holds 5 cells, so cells 5-9 are one row; on a wider one the rectangle takes in more.
  if (columns === 5) await expect(page.getByTestId('grid-selection')).toContainText('5 selected');
  const selectedCount = Number((await page.getByTestId('grid-selection').textContent())!.split(' ')[0]);
  await page.keyboard.press('3');
  await expect(page.getByTestId('grid-cell-9')).toHaveAttribute('data-label', 'two');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-pending', '0');

  const entries = await allEntries(app, id);
  const labels = entries.map((e) => e.mine?.labels[0] ?? null);
  expect(labels.slice(0, 5)).toEqual(Array(5).fill('one'));
  expect(labels.filter((l) => l === 'two')).toHaveLength(selectedCount);
  expect(labels.slice(5, 10)).toEqual(Array(5).fill('two'));

  // Each bulk label is one action: one undo takes back the whole marquee.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('grid-cell-9')).toHaveAttribute('data-label', '');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-pending', '0');
  const after = await allEntries(app, id);
  expect(after.filter((e) => e.mine).map((e) => e.position)).toEqual(entries.slice(0, 5).map((e) => e.position));
});

/** Two images larger than the digits, so boxes are drawn at a comfortable zoom. */
async function boxImages(app: ServedApp): Promise<number> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-boxes-'));
  await sharp({ create: { width: 200, height: 120, channels: 3, background: '#335577' } })
    .png()
    .toFile(path.join(folder, 'a.png'));
  await sharp({ create: { width: 160, height: 160, channels: 3, background: '#775533' } })
    .png()
    .toFile(path.join(folder, 'b.png'));
  const ds = app.cli(['datasets', 'import', folder, '--name', 'shapes']) as { id: number };
  fs.rmSync(folder, { recursive: true, force: true });
  return ds.id;
}

test('draws, moves, resizes, reclasses and deletes boxes, saves them, and COCO gives them back unchanged', async ({ page, app }) => {
  const id = await boxImages(app);
  await app.call('labels.setSchema', { datasetId: id, task: 'boxes', classes: [{ name: 'cat' }, { name: 'dog' }] });
  await openWorkspace(page, app, id);

  const frame = page.getByTestId('image-frame');
  await expect(page.getByTestId('box-layer')).toBeVisible();
  const first = Number(await page.getByTestId('item-workspace').getAttribute('data-item'));
  const rect = (await frame.boundingBox())!;
  const scale = Number(await frame.getAttribute('data-scale'));
  const at = (x: number, y: number) => ({ x: rect.x + x * scale, y: rect.y + y * scale });
  const drag = async (a: { x: number; y: number }, b: { x: number; y: number }) => {
    const p = at(a.x, a.y);
    const q = at(b.x, b.y);
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    await page.mouse.move((p.x + q.x) / 2, (p.y + q.y) / 2, { steps: 3 });
    await page.mouse.move(q.x, q.y, { steps: 3 });
    await page.mouse.up();
  };
  const click = async (x: number, y: number) => {
    const p = at(x, y);
    await page.mouse.click(p.x, p.y);
  };

  await drag({ x: 20, y: 20 }, { x: 80, y: 60 }); // A, cat (the first class is active)
  await page.keyboard.press('Escape');
  await page.keyboard.press('2'); // dog for new boxes
  await drag({ x: 100, y: 30 }, { x: 180, y: 100 }); // B, dog
  await expect(page.getByTestId('box-count')).toHaveText('2 boxes');

  await drag({ x: 50, y: 40 }, { x: 60, y: 45 }); // move A by (10, 5)
  await click(140, 60); // select B
  await drag({ x: 180, y: 100 }, { x: 190, y: 110 }); // its south-east corner
  await click(40, 40); // select A
  await page.keyboard.press('2'); // A becomes a dog
  await expect(page.getByTestId('box-0')).toHaveAttribute('data-label', 'dog');

  await page.keyboard.press('Escape');
  await drag({ x: 10, y: 80 }, { x: 40, y: 110 }); // C, selected once drawn
  await expect(page.getByTestId('box-count')).toHaveText('3 boxes');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('box-count')).toHaveText('2 boxes');

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-workspace')).not.toHaveAttribute('data-item', String(first));
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-pending', '0');

  const stored = (await allEntries(app, id)).find((e) => e.itemId === first)!;
  const expected: Box[] = [
    { label: 'dog', x: 30, y: 25, w: 60, h: 40 },
    { label: 'dog', x: 100, y: 30, w: 90, h: 80 },
  ];
  expect(stored.mine?.boxes).toHaveLength(2);
  stored.mine!.boxes!.forEach((b, i) => {
    expect(b.label).toBe(expected[i].label);
    for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(b[k] - expected[i][k]), `box ${i} ${k} = ${b[k]}`).toBeLessThan(0.6);
  });

  // Save a version with the boxes, export it as COCO, import that: the same boxes come back.
  await expect(page.getByTestId('commit')).toBeEnabled();
  await page.getByTestId('commit').click();
  await expect(page.getByTestId('commit-result')).toContainText('v2');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-coco-')), 'coco');
  app.cli(['datasets', 'export', 'shapes', '--format', 'coco', '--out', out]);
  const back = app.cli(['datasets', 'import', out, '--name', 'shapes-back']) as { id: number };
  const original = new Map((await allEntries(app, id)).map((e) => [e.name, e.versionLabel?.boxes ?? []]));
  const roundTrip = await allEntries(app, back.id);
  expect(roundTrip).toHaveLength(2);
  for (const e of roundTrip) expect(e.versionLabel?.boxes ?? [], e.name!).toEqual(original.get(e.name));
  expect(original.get(stored.name)).toEqual(stored.mine!.boxes);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});
