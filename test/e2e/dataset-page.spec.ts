import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, watchErrors } from './fixtures';

type Imported = { id: number; version: number; rows: number };

async function openDataset(page: Page, url: string, id: number) {
  await page.goto(url);
  await page.goto(`${url.split('?')[0]}#/datasets/${id}`);
  await expect(page.getByTestId(`dataset-detail-${id}`)).toBeVisible();
}

/** Calls the API as the page does (its token), for what the UI here does not do itself: labeling. */
async function callApi(page: Page, name: string, input: unknown): Promise<unknown> {
  return page.evaluate(
    async ({ name, input }) => {
      const token = sessionStorage.getItem('cairn.token');
      const res = await fetch(`/api/call/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
      return body.value;
    },
    { name, input },
  );
}

// 20 rows. Rows 3 and 11 are the same input labeled a and b; row 7 has x1 = 1000, far outside the rest.
const ROWS: [number, number, string][] = [
  [1.0, 5.1, 'a'],
  [1.2, 4.8, 'a'],
  [0.9, 5.3, 'b'],
  [1.1, 5.0, 'a'],
  [1.3, 4.9, 'c'],
  [0.8, 5.2, 'b'],
  [1.4, 5.4, 'c'],
  [1000, 5.0, 'a'],
  [1.05, 4.7, 'b'],
  [0.95, 5.05, 'c'],
  [1.15, 5.15, 'a'],
  [1.1, 5.0, 'b'],
  [1.25, 4.85, 'c'],
  [0.85, 5.25, 'a'],
  [1.35, 4.95, 'b'],
  [0.75, 5.35, 'c'],
  [1.45, 4.75, 'a'],
  [1.02, 5.12, 'b'],
  [0.98, 4.88, 'c'],
  [1.22, 5.22, 'a'],
];

// Two labelers on items 0-9. Cohen's kappa of these lists is 6/11 = 0.5454…, what
// sklearn.metrics.cohen_kappa_score(ana, ben) gives: p_o = 0.7, p_e = 0.34.
const ANA = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'a', 'b'];
const BEN = ['a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'a', 'a'];

test('dataset page: profiles and findings, queue links, split, labeling agreement, save version, export', async ({ app, page }) => {
  const errors = watchErrors(page, { allowFailedLoads: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-dataset-page-'));
  const csv = path.join(dir, 'points.csv');
  fs.writeFileSync(csv, ['x1,x2,label', ...ROWS.map((r) => r.join(','))].join('\n') + '\n');
  const ds = app.cli(['datasets', 'import', csv, '--name', 'points', '--label', 'label']) as Imported;
  expect(ds.rows).toBe(20);

  // From the datasets list: the name opens the page, "Label" the workspace.
  await app.open(page, `#/datasets`);
  await expect(page.getByTestId(`dataset-label-${ds.id}`)).toHaveAttribute('href', `#/datasets/${ds.id}/label`);
  await page.getByTestId(`dataset-link-${ds.id}`).click();
  await expect(page.getByTestId(`dataset-detail-${ds.id}`)).toBeVisible();
  await expect(page.getByTestId('dataset-name')).toHaveText('points');
  await expect(page.getByTestId('dataset-summary')).toContainText('20 rows');
  await expect(page.getByTestId('dataset-summary')).toContainText('3 classes');
  await expect(page.getByTestId('dataset-label')).toHaveAttribute('href', `#/datasets/${ds.id}/label`);
  await expect(page.getByTestId('dataset-grid')).toHaveAttribute('href', `#/datasets/${ds.id}/label?view=grid`);
  await expect(page.getByTestId('dataset-version-1')).toHaveAttribute('data-runs', '0');

  // The quality report: profiles per column and the findings with their rows.
  const report = page.getByTestId('quality-report');
  await expect(report).toHaveAttribute('data-state', 'ready');
  await expect(report.getByTestId('column-profile-x1')).toHaveAttribute('data-type', 'numeric');
  await expect(report.getByTestId('column-profile-x1')).toContainText('1000');
  await expect(report.getByTestId('column-profile-label')).toHaveAttribute('data-type', 'categorical');
  await expect(report.getByTestId('column-chart')).toHaveAttribute('data-column', 'x1');
  await expect(report.getByTestId('class-balance-chart')).toHaveAttribute('data-bars', '3');
  const outliers = report.getByTestId('finding-outliers').filter({ hasText: 'x1' });
  await expect(outliers.getByTestId('finding-positions')).toHaveText('7');
  const conflicting = report.getByTestId('finding-conflicting_labels');
  await expect(conflicting).toHaveAttribute('data-severity', 'error');
  await expect(conflicting.getByTestId('finding-positions')).toHaveText('3, 11');
  await expect(conflicting.getByTestId('finding-groups-conflicting_labels')).toContainText('a / b');

  // A finding opens its rows in the labeling queue. The workspace is another view with its own
  // tests: this page's errors are checked before leaving, and the page is loaded afresh after.
  expect(errors).toEqual([]);
  await conflicting.getByTestId('open-in-queue').click();
  await expect(page).toHaveURL(new RegExp(`#/datasets/${ds.id}/label\\?positions=3,11$`));
  await openDataset(page, app.url, ds.id);
  errors.length = 0;

  // A split made in the page: stratified counts per split and per class.
  const splits = page.getByTestId('splits-panel');
  await expect(splits.getByTestId('no-split')).toBeVisible();
  await splits.getByTestId('split-validation').fill('0.2');
  await splits.getByTestId('split-test').fill('0.2');
  await splits.getByTestId('split-seed').fill('7');
  await splits.getByTestId('make-split').click();
  const counts = splits.getByTestId('split-counts');
  await expect(counts).toBeVisible();
  const [train, validation, testCount] = await Promise.all(['data-train', 'data-validation', 'data-test'].map((a) => counts.getAttribute(a).then(Number)));
  expect(train + validation + testCount).toBe(20);
  expect(validation).toBeGreaterThan(0);
  expect(testCount).toBeGreaterThan(0);
  await expect(splits.getByTestId('split-class-a')).toBeVisible();
  const stored = await callApi(page, 'datasets.splits', { id: ds.id });
  expect(stored).toMatchObject({ validation: 0.2, test: 0.2, seed: 7, counts: { train, validation, test: testCount } });

  // Two labelers label ten items; the panels follow the store's changed events.
  await expect(page.getByTestId('agreement-empty')).toBeVisible();
  const queue = (await callApi(page, 'labels.queue', { datasetId: ds.id, filter: { kind: 'all' }, limit: 50 })) as {
    entries: { itemId: number; position: number }[];
  };
  const itemAt = new Map(queue.entries.map((e) => [e.position, e.itemId]));
  for (const [labeler, labels] of [
    ['ana', ANA],
    ['ben', BEN],
  ] as const) {
    for (const [position, label] of labels.entries()) {
      await callApi(page, 'labels.save', { datasetId: ds.id, itemIds: [itemAt.get(position)], value: { labels: [label] }, seconds: 2, labeler });
    }
  }
  const agreement = page.getByTestId('agreement-panel');
  await expect(agreement.getByTestId('agreement-cohen')).toHaveText(/0\.545/);
  expect(Number(await agreement.getByTestId('agreement-cohen').getAttribute('data-value'))).toBeCloseTo(6 / 11, 9);
  expect(Number(await agreement.getByTestId('agreement-percent').getAttribute('data-value'))).toBeCloseTo(0.7, 9);
  await expect(agreement.getByTestId('agreement-fleiss')).not.toHaveText('—');
  await expect(agreement.getByTestId('agreement-alpha')).not.toHaveText('—');
  await expect(agreement.getByTestId('agreement-labeler-ana')).toBeVisible();
  await expect(agreement.getByTestId('agreement-class-c')).toBeVisible();
  // With two labelers every disagreement is a tie: items 2, 5 and 9.
  await expect(agreement.getByTestId('agreement-ties')).toHaveAttribute('data-count', '3');
  await expect(agreement.getByTestId('open-disagreements')).toHaveAttribute('href', `#/datasets/${ds.id}/label?queue=disagreement`);
  const status = page.getByTestId('labeling-status');
  await expect(status.getByTestId('labeler-ana')).toHaveAttribute('data-items', '10');
  await expect(status.getByTestId('labeler-ben')).toContainText('20s');

  // Saving a version from the resolved labels: a v2 appears with a diff from v1.
  await expect(status.getByTestId('status-uncommitted')).not.toHaveAttribute('data-value', '0');
  await status.getByTestId('commit-labels').click();
  await expect(status.getByTestId('commit-result')).toHaveText('Saved as v2');
  await expect(page.getByTestId('dataset-version-2')).toBeVisible();
  await expect(page.getByTestId('diff-counts')).toBeVisible();
  expect(Number(await page.getByTestId('diff-counts').getAttribute('data-relabeled'))).toBeGreaterThan(0);
  // The report follows the new latest version, since no older one was picked.
  await expect(report).toHaveAttribute('data-version', '2');
  await expect(report).toHaveAttribute('data-state', 'ready');

  // Export v1 as CSV to a typed path; the file holds the original rows.
  const out = path.join(dir, 'export', 'points-v1.csv');
  const form = page.getByTestId('dataset-export-form');
  await form.getByTestId('dataset-export-version').selectOption('1');
  await form.getByTestId('dataset-export-format').selectOption('csv');
  await form.getByTestId('dataset-export-path').fill(out);
  await form.getByTestId('dataset-export-submit').click();
  await expect(form.getByTestId('dataset-export-result')).toHaveAttribute('data-rows', '20');
  const lines = fs.readFileSync(out, 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe('x1,x2,label');
  expect(lines).toHaveLength(21);
  expect(lines[8]).toBe('1000,5,a');

  // A bad target is the core's message in the form, not a broken page.
  await form.getByTestId('dataset-export-path').fill(path.join(csv, 'not-a-folder', 'x.csv'));
  await form.getByTestId('dataset-export-submit').click();
  await expect(form.getByTestId('dataset-export-error')).toBeVisible();

  expect(errors).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});
