import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { dataset, datasetCounts, tempDir } from '../helpers';

let core: Core;
let dir: string;

beforeEach(() => {
  dir = tempDir();
  core = new Core({ dataDir: path.join(dir, 'data'), transport: 'http' });
});
afterEach(() => core.close());

const counts = () => datasetCounts(core.services.db);

describe('dataset import', () => {
  it('imports iris with its label column, classes and column types', async () => {
    const ds = await core.services.datasets.import({ path: dataset('iris.csv'), name: 'iris' });
    expect(ds.latest).toMatchObject({ version: 1, rows: 150, kind: 'tabular', labelColumn: 'label', classes: ['setosa', 'versicolor', 'virginica'] });
    expect(ds.latest.columns.filter((c) => c.type === 'numeric').map((c) => c.name)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  });

  it('makes no new version for identical content, and a new one sharing items for changed content', async () => {
    const src = dataset('iris.csv');
    await core.services.datasets.import({ path: src, name: 'iris' });
    const again = await core.services.datasets.import({ path: src, name: 'iris' });
    expect(again.latest.version).toBe(1);
    const lines = fs.readFileSync(src, 'utf8').trimEnd().split(/\r?\n/);
    const relabeled = [lines[0], ...lines.slice(1).map((l, i) => (i === 0 ? l.replace(/setosa$/, 'virginica') : l))].join('\n') + '\n';
    const changed = path.join(dir, 'iris2.csv');
    fs.writeFileSync(changed, relabeled);
    const before = counts();
    const v2 = await core.services.datasets.import({ path: changed, name: 'iris' });
    expect(v2.latest.version).toBe(2);
    expect(v2.versionCount).toBe(2);
    const after = counts();
    expect(after.items).toBe(before.items); // relabeling shares every row
    expect(after.links).toBe(before.links + 150);
  });

  it('rejects a malformed file with its line and keeps nothing', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'a,b,label\n1,2,x\n3,4,y\n5,6,7,8\n');
    await expect(core.services.datasets.import({ path: bad, name: 'bad' })).rejects.toThrow(/line 4: expected 3 fields, found 4/);
    expect(counts()).toEqual({ datasets: 0, versions: 0, items: 0, links: 0 });
  });

  it('rejects an unknown label column naming the columns', async () => {
    await expect(core.services.datasets.import({ path: dataset('iris.csv'), name: 'x', labelColumn: 'species' })).rejects.toThrow(
      /no column "species"; columns are sepal_length/,
    );
    expect(counts().datasets).toBe(0);
  });

  it('imports an image folder by class, stores each image by content hash, skips non-images', async () => {
    const folder = path.join(dir, 'imgs');
    for (const cls of ['0', '1']) {
      fs.mkdirSync(path.join(folder, cls), { recursive: true });
      for (const f of fs.readdirSync(dataset('digits-images', cls)).slice(0, 5)) {
        fs.copyFileSync(dataset('digits-images', cls, f), path.join(folder, cls, f));
      }
    }
    fs.writeFileSync(path.join(folder, '1', 'notes.txt'), 'not an image');
    const ds = await core.services.datasets.import({ path: folder, name: 'digits' });
    expect(ds.latest).toMatchObject({ kind: 'images', rows: 10, classes: ['0', '1'] });
    const item = core.services.datasets.repo.items(ds.latest.id)[0];
    expect(fs.existsSync(core.services.blobs.pathOf(item.fileHash!))).toBe(true);
  });

  it('rejects a folder holding a corrupt image and keeps nothing', async () => {
    const folder = path.join(dir, 'corrupt');
    fs.mkdirSync(path.join(folder, 'a'), { recursive: true });
    fs.copyFileSync(dataset('digits-images', '0', '0000.png'), path.join(folder, 'a', 'ok.png'));
    fs.writeFileSync(path.join(folder, 'a', 'broken.png'), 'garbage');
    await expect(core.services.datasets.import({ path: folder, name: 'c' })).rejects.toThrow(/a\/broken.png: not a readable image/);
    expect(counts()).toEqual({ datasets: 0, versions: 0, items: 0, links: 0 });
  });
});
