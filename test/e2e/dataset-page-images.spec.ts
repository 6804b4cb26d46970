import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, dataset, test, watchErrors } from './fixtures';

/**
 * Six digits of each class, plus the first 0 copied into class 1 (an exact duplicate with a
 * conflicting label: positions 0 and 13) and scaled up in class 0 (a near duplicate: position 6).
 */
async function digitsFolder(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-dataset-images-'));
  for (const c of ['0', '1']) {
    fs.mkdirSync(path.join(dir, c));
    const files = fs.readdirSync(dataset('digits-images', c)).sort().slice(0, 6);
    for (const f of files) fs.copyFileSync(dataset('digits-images', c, f), path.join(dir, c, f));
  }
  const first = path.join(dir, '0', fs.readdirSync(path.join(dir, '0')).sort()[0]);
  fs.copyFileSync(first, path.join(dir, '1', 'copy.png'));
  await sharp(first)
    .resize(32, 32, { kernel: 'nearest' })
    .png()
    .toFile(path.join(dir, '0', 'bigger.png'));
  return dir;
}

test('dataset page for images: no numeric columns, thumbnails of near and exact duplicates, any finding kind renders', async ({ app, page }) => {
  const errors = watchErrors(page);
  const dir = await digitsFolder();
  const ds = app.cli(['datasets', 'import', dir, '--name', 'digits-mini']) as { id: number; rows: number };
  expect(ds.rows).toBe(14);

  await app.open(page, `#/datasets/${ds.id}`);
  const report = page.getByTestId('quality-report');
  await expect(report).toHaveAttribute('data-state', 'ready');
  await expect(report.getByTestId('column-profile-label')).toHaveAttribute('data-type', 'categorical');
  await expect(report.locator('[data-testid^="column-profile-"][data-type="numeric"]')).toHaveCount(0);
  // No numeric column: the large chart shows the label's top values.
  await expect(report.getByTestId('column-chart')).toHaveAttribute('data-column', 'label');

  const near = report.getByTestId('finding-near_duplicates');
  await expect(near.getByTestId('finding-positions')).toHaveText('0, 6, 13');
  const thumbs = near.getByTestId('near-duplicate-pairs').locator('img');
  await expect(thumbs.first()).toHaveAttribute('src', /\/media\/[0-9a-f]{64}\?size=128&token=/);
  await expect.poll(() => thumbs.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  const conflicting = report.getByTestId('finding-conflicting_labels');
  const group = conflicting.getByTestId('finding-groups-conflicting_labels').locator('li');
  await expect(group).toHaveAttribute('data-rows', '0,13');
  await expect(group.locator('img')).toHaveCount(2);
  await expect(group).toContainText('#0 · 0');
  await expect(group).toContainText('#13 · 1');
  await expect(conflicting.getByTestId('open-in-queue')).toHaveAttribute('href', `#/datasets/${ds.id}/label?positions=0,13`);

  // Kinds and shapes this page has no special view for still render: a finding without rows,
  // an unknown severity, likely label errors, no class balance.
  await page.route('**/api/call/datasets.quality', async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { ok: boolean; value: Record<string, unknown> & { findings: unknown[] } };
    body.value.findings = [
      { kind: 'label_errors', severity: 'warning', message: '2 labels look wrong', rows: [5, 2] },
      { kind: 'schema_check', severity: 'critical', message: 'something new' },
      ...body.value.findings,
    ];
    body.value.classBalance = null;
    delete body.value.nearDuplicates;
    await route.fulfill({ response: res, json: body });
  });
  await report.getByRole('button', { name: 'Refresh' }).click();
  await expect(report.getByTestId('finding-label_errors')).toContainText('Likely label errors');
  await expect(report.getByTestId('finding-label_errors').getByTestId('open-in-queue')).toHaveAttribute('href', `#/datasets/${ds.id}/label?positions=5,2`);
  const unknown = report.getByTestId('finding-schema_check');
  await expect(unknown).toContainText('Schema check');
  await expect(unknown).toHaveAttribute('data-severity', 'info');
  await expect(unknown.getByTestId('open-in-queue')).toHaveCount(0);
  await expect(report.getByTestId('class-balance-chart')).toHaveCount(0);
  await expect(report.getByTestId('finding-near_duplicates').getByTestId('finding-positions')).toHaveText('0, 6, 13');

  expect(errors).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});
