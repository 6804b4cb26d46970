import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResults } from '../../shared/api/contract';
import { Core } from '../../electron/core/core';
import { dataset, tempDir } from '../helpers';

let core: Core;
let dir: string;

beforeAll(() => {
  dir = tempDir('cairn-quality-');
  core = new Core({ dataDir: path.join(dir, 'data'), transport: 'http' });
});
afterAll(() => core.close());

async function report(name: string) {
  const ds = core.services.datasets.repo.findByName(name)!;
  const res = await core.dispatch('datasets.quality', { id: ds.id });
  if (!res.ok) throw new Error(res.error.message);
  return res.value as CallResults['datasets.quality'];
}

describe('data quality report', () => {
  it('profiles columns as pandas/numpy would and finds missing values, outliers, duplicates, conflicting labels and imbalance', async () => {
    const rows = [
      'x,color,label',
      '1,red,a',
      '2,red,a',
      '3,blue,a',
      '4,,a',
      '100,red,a',
      '2,red,b',
      '3,blue,a',
      '5,green,a',
      '6,red,a',
      '7,red,a',
      '8,red,a',
      '9,red,a',
    ];
    fs.writeFileSync(path.join(dir, 't.csv'), rows.join('\n'));
    await core.services.datasets.import({ path: path.join(dir, 't.csv'), name: 't' });
    const r = await report('t');
    const x = r.columns.find((c) => c.name === 'x')!;
    const values = [1, 2, 3, 4, 100, 2, 3, 5, 6, 7, 8, 9];
    const mean = values.reduce((a, b) => a + b) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    expect(x.numeric!.mean).toBeCloseTo(mean, 12);
    expect(x.numeric!.std).toBeCloseTo(std, 12);
    // numpy.quantile([1,2,2,3,3,4,5,6,7,8,9,100], [.25,.5,.75]) = [2.75, 4.5, 7.25]
    expect(x.numeric!.quantiles.filter((q) => [0.25, 0.5, 0.75].includes(q.q)).map((q) => q.value)).toEqual([2.75, 4.5, 7.25]);
    expect(x.numeric!.outliers).toMatchObject({ count: 1, rows: [4] });
    const color = r.columns.find((c) => c.name === 'color')!;
    expect(color).toMatchObject({
      missing: 1,
      distinct: 3,
      top: [
        { value: 'red', count: 8 },
        { value: 'blue', count: 2 },
        { value: 'green', count: 1 },
      ],
    });

    const kinds = Object.fromEntries(r.findings.map((f) => [f.kind, f]));
    expect(kinds.missing.rows).toEqual([3]);
    expect(kinds.outliers.rows).toEqual([4]);
    // rows 1 and 5 are both "2,red" but labelled a and b; rows 2 and 6 are both "3,blue" with label a.
    expect(r.duplicates.map((g) => [g.rows, g.conflicting])).toEqual([
      [[1, 5], true],
      [[2, 6], false],
    ]);
    expect(kinds.conflicting_labels).toMatchObject({ severity: 'error', rows: [1, 5] });
    expect(r.findings[0].kind).toBe('conflicting_labels');
    expect(r.classBalance).toMatchObject({ imbalanceRatio: 11, imbalanced: true });
    expect(kinds.class_imbalance.rows).toEqual([5]);
  });

  it('finds exact and near-duplicate images', async () => {
    const folder = path.join(dir, 'imgs');
    const src = dataset('digits-images');
    fs.mkdirSync(path.join(folder, 'a'), { recursive: true });
    fs.mkdirSync(path.join(folder, 'b'), { recursive: true });
    fs.copyFileSync(path.join(src, '0', '0000.png'), path.join(folder, 'a', 'zero.png'));
    fs.copyFileSync(path.join(src, '0', '0000.png'), path.join(folder, 'b', 'zero-again.png'));
    // The same picture made bigger: different bytes, same look.
    await sharp(path.join(src, '1', fs.readdirSync(path.join(src, '1'))[0]))
      .resize(64, 64)
      .png()
      .toFile(path.join(folder, 'a', 'one-big.png'));
    fs.copyFileSync(path.join(src, '1', fs.readdirSync(path.join(src, '1'))[0]), path.join(folder, 'a', 'one.png'));
    await core.services.datasets.import({ path: folder, name: 'imgs' });
    const r = await report('imgs');
    const names = core.services.datasets.repo.items(core.services.datasets.repo.findByName('imgs')!.latest.id).map((i) => i.name);
    const near = r.nearDuplicates.map((p) => [names[p.a], names[p.b]].sort());
    expect(near).toContainEqual(['a/one-big.png', 'a/one.png']);
    // The same bytes filed under two classes: one item (content-addressed) at two positions.
    const conflict = r.duplicates.find((g) => g.conflicting)!;
    expect(conflict.rows).toHaveLength(2);
    expect([...conflict.labels].sort()).toEqual(['a', 'b']);
  });

  it('reports a stored image that no longer decodes as a finding naming it, and still finds the near-duplicates among the rest', async () => {
    const folder = path.join(dir, 'damaged');
    const src = dataset('digits-images');
    fs.mkdirSync(path.join(folder, 'a'), { recursive: true });
    const one = path.join(src, '1', fs.readdirSync(path.join(src, '1'))[0]);
    fs.copyFileSync(path.join(src, '0', '0000.png'), path.join(folder, 'a', 'zero.png'));
    fs.copyFileSync(one, path.join(folder, 'a', 'one.png'));
    await sharp(one)
      .resize(64, 64)
      .png()
      .toFile(path.join(folder, 'a', 'one-big.png'));
    await core.services.datasets.import({ path: folder, name: 'damaged' });
    const items = core.services.datasets.repo.items(core.services.datasets.repo.findByName('damaged')!.latest.id);
    // Damaged on disk after the import, as a stored file of an older Cairn or a bad disk could be.
    const zero = items.findIndex((i) => i.name === 'a/zero.png');
    const stored = core.services.blobs.pathOf(items[zero].fileHash!);
    fs.writeFileSync(stored, fs.readFileSync(stored).subarray(0, 60));
    const r = await report('damaged');
    const finding = r.findings.find((f) => f.kind === 'unreadable_images')!;
    expect(finding).toMatchObject({ severity: 'error', rows: [zero] });
    expect(finding.message).toMatch(/^1 image cannot be decoded \(a\/zero\.png: .+\); training on this version fails until they are removed$/);
    expect(r.nearDuplicates.map((p) => [items[p.a].name, items[p.b].name].sort())).toEqual([['a/one-big.png', 'a/one.png']]);
  });
});
