import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, dataset, test, type ServedApp, watchErrors } from './fixtures';

async function openDataset(page: Page, app: ServedApp, id: number): Promise<void> {
  watchErrors(page);
  await app.open(page, `#/datasets/${id}`);
}

/** Wine with its labels, and a small MLP trained on it (wasm, a few seconds). */
function wineAndRun(app: ServedApp): { id: number; runId: string } {
  const ds = app.cli(['datasets', 'import', dataset('wine.csv'), '--name', 'wine']) as { id: number };
  const run = app.cli(['train', '--dataset', 'wine', '--epochs', '30', '--hidden-units', '16', '--lr', '0.01', '--seed', '7', '--name', 'wine-mlp']) as {
    runId: string;
    status: string;
  };
  expect(run.status).toBe('finished');
  return { id: ds.id, runId: run.runId };
}

test('suggestions from a finished run pre-fill unlabeled rows, most uncertain first, and Enter accepts one', async ({ page, app }) => {
  const { runId } = wineAndRun(app);
  // The same wines without their labels, as new data to label.
  const lines = fs.readFileSync(dataset('wine.csv'), 'utf8').trimEnd().split(/\r?\n/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-wine-')), 'wine-new.csv');
  fs.writeFileSync(file, lines.map((l) => l.split(',').slice(0, -1).join(',')).join('\n') + '\n');
  const fresh = app.cli(['datasets', 'import', file, '--name', 'wine-new', '--no-label']) as { id: number };
  app.cli(['labels', 'schema', 'wine-new', '--task', 'single', '--classes', 'class_0,class_1,class_2']);

  await openDataset(page, app, fresh.id);
  const panel = page.getByTestId('model-assist');
  await expect(panel.getByTestId('assist-run')).toHaveValue(runId);
  await panel.getByTestId('assist-suggest').click();
  await expect(panel.getByTestId('assist-outcome')).toContainText('178 items have a suggestion');

  await panel.getByTestId('assist-open-queue').click();
  await expect(page).toHaveURL(/queue=uncertain/);
  const workspace = page.getByTestId('item-workspace');
  await expect(page.getByTestId('suggestion')).toBeVisible();
  const uncertain = await app.call('labels.queue', { datasetId: fresh.id, filter: { kind: 'uncertain' }, limit: 3 });
  const margins = uncertain.entries.map((e) => e.suggestion!.margin);
  expect([...margins].sort((a, b) => a - b)).toEqual(margins);
  const first = uncertain.entries[0];
  await expect(workspace).toHaveAttribute('data-item', String(first.itemId));
  await expect(page.getByTestId('suggestion')).toContainText(first.suggestion!.label);

  await page.keyboard.press('Enter');
  await expect(workspace).not.toHaveAttribute('data-item', String(first.itemId));
  await expect
    .poll(async () => (await app.call('labels.history', { datasetId: fresh.id, itemId: first.itemId })).annotations.map((a) => [a.kind, a.value?.labels]))
    .toEqual([['suggestion', [first.suggestion!.label]]]);
});

test('finds likely label errors with cross-validated models and opens them in the queue', async ({ page, app }) => {
  const { id, runId } = wineAndRun(app);
  await openDataset(page, app, id);
  const panel = page.getByTestId('model-assist');
  await expect(panel.getByTestId('assist-run')).toHaveValue(runId);
  await expect(panel.getByTestId('assist-reuses')).toContainText('model mlp, optimizer adam, learningRate 0.01, batchSize 32, epochs 30');
  await panel.getByTestId('assist-folds').fill('3');
  await panel.getByTestId('assist-find-errors').click();
  await expect(panel.getByTestId('assist-outcome')).toContainText(/likely label errors among 178 labeled items \(3 folds/, { timeout: 60_000 });
  const status = await app.call('labels.status', { datasetId: id });
  await expect(page.getByTestId('status-issues')).toContainText(String(status.issues));

  await panel.getByTestId('assist-open-queue').click();
  await expect(page).toHaveURL(/queue=errors/);
  if (status.issues > 0) await expect(page.getByTestId('issue')).toBeVisible();
  else await expect(page.getByTestId('queue-end')).toBeVisible();
});

test('on a digits dataset an iris run is listed disabled with the reason, and nothing can be started with it', async ({ page, app }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const iris = app.cli(['train', '--dataset', 'iris', '--epochs', '2', '--seed', '7', '--name', 'iris-mlp']) as { runId: string; status: string };
  expect(iris.status).toBe('finished');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-digits-'));
  for (const d of '0123456789') {
    fs.mkdirSync(path.join(folder, d));
    for (const f of fs.readdirSync(dataset('digits-images', d)).sort().slice(0, 2)) fs.copyFileSync(dataset('digits-images', d, f), path.join(folder, d, f));
  }
  const digits = app.cli(['datasets', 'import', folder, '--name', 'digits']) as { id: number };
  fs.rmSync(folder, { recursive: true, force: true });

  await openDataset(page, app, digits.id);
  const panel = page.getByTestId('model-assist');
  const unfit = panel.getByTestId('assist-run-unfit');
  await expect(unfit).toHaveCount(1);
  await expect(unfit).toBeDisabled();
  await expect(unfit).toHaveAttribute('value', iris.runId);
  await expect(unfit).toContainText('iris-mlp');
  await expect(unfit).toContainText('it takes table rows (4 columns), digits@1 holds images');
  await expect(unfit).toContainText('not in the label set of digits@1 (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)');
  await expect(panel).not.toContainText(/set the label set|replace/i);
  await expect(panel.getByTestId('assist-none-fit')).toBeVisible();
  await expect(panel.getByTestId('assist-run')).toHaveValue('');
  await expect(panel.getByTestId('assist-suggest')).toBeDisabled();
  await expect(panel.getByTestId('assist-find-errors')).toBeDisabled();
});
