import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Core } from '../../electron/core/core';
import { profileAside } from '../../electron/core/datasets/profile-aside';
import { profileTable } from '../../electron/core/datasets/profile-table';
import { datasetCounts, tempDir } from '../helpers';

// A large CSV is checked in a worker thread while its rows convert with the types of its first
// 1,000 rows. Whatever the file holds further on, the result must be the one checking first gives.

const root = tempDir('cairn-aside-');
const cores: Core[] = [];
afterAll(() => cores.forEach((c) => c.close()));

function csv(name: string, header: string, rows: number, row: (i: number) => string): string {
  const file = path.join(root, name);
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(row(i));
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Imports `file` into a fresh data folder, checked aside (in a worker) or first (here); what the store holds after. */
async function importWith(file: string, aside: boolean, runChars?: number) {
  const dataDir = path.join(root, `${path.basename(file)}-${aside ? 'aside' : 'first'}-${runChars ?? 'whole'}`);
  const core = new Core({ dataDir, transport: 'http' });
  cores.push(core);
  const opened = vi.spyOn(core.services.datasets.repo, 'openImport');
  const progress: { phase: string; done: number; total: number }[] = [];
  process.env.CAIRN_IMPORT_ASIDE_BYTES = aside ? '0' : String(2 ** 50);
  // Runs written before the file is read whole: the first waits for the check.
  if (runChars) process.env.CAIRN_IMPORT_RUN_CHARS = String(runChars);
  try {
    const ds = await core.services.datasets.import({ path: file, name: 't' }, (p) => progress.push(p));
    const items = core.services.db
      .prepare('SELECT vi.position, i.data, vi.label FROM version_items vi JOIN items i ON i.id = vi.item_id WHERE vi.version_id = ? ORDER BY vi.position')
      .all(ds.latest.id);
    const { id, datasetId, createdAt, source, ...version } = ds.latest;
    void [id, datasetId, createdAt, source];
    const tmp = path.join(dataDir, 'tmp');
    return {
      version,
      items,
      passes: opened.mock.calls.length,
      progress,
      counts: datasetCounts(core.services.db),
      scratch: fs.existsSync(tmp) ? fs.readdirSync(tmp) : [],
    };
  } finally {
    delete process.env.CAIRN_IMPORT_ASIDE_BYTES;
    delete process.env.CAIRN_IMPORT_RUN_CHARS;
  }
}

describe('a CSV checked while its rows convert', () => {
  it('gives what checking first gives when the first rows tell the types (texts and numbers past the distinct cap)', async () => {
    const file = csv('plain.csv', 'id,x,color,label', 30_000, (i) => `row-${i},${(i * 7) % 25_013}.5,${['red', 'NA', 'blue'][i % 3]},${i % 3}`);
    const [aside, first] = [await importWith(file, true), await importWith(file, false)];
    expect(aside.version).toEqual(first.version);
    expect(aside.items).toEqual(first.items);
    expect(aside.version.columns.map((c) => [c.name, c.type, c.distinct])).toEqual([
      ['id', 'categorical', 30_000],
      ['x', 'numeric', 25_013],
      ['color', 'categorical', 2],
      ['label', 'numeric', 3],
    ]);
    expect(aside.passes).toBe(1);
    // Reading, then writing; the last report is every row written.
    expect([...new Set(aside.progress.map((p) => p.phase))]).toEqual(['checking', 'importing']);
    expect(aside.progress.at(-1)).toEqual({ phase: 'importing', done: 30_000, total: 30_000 });
    expect(aside.scratch).toEqual([]);
  });

  it('converts again when a column of numbers in the first rows holds text further on', async () => {
    const file = csv('late-text.csv', 'x,w,label', 5000, (i) => `${i === 3000 ? 'unknown' : i % 50},${i / 4},c${i % 2}`);
    const [aside, first] = [await importWith(file, true), await importWith(file, false)];
    expect(aside.version).toEqual(first.version);
    expect(aside.items).toEqual(first.items);
    expect(aside.version.columns[0]).toMatchObject({ name: 'x', type: 'categorical', distinct: 51 });
    // Numbers of a text column are stored as the text they are.
    expect(aside.items[1]).toEqual({ position: 1, data: JSON.stringify(['1', 0.25]), label: 'c1' });
    expect(aside.passes).toBe(2);
    // The first conversion's unpublished version went with it.
    expect(aside.counts).toEqual(first.counts);
    expect(aside.scratch).toEqual([]);
  });

  it('writes a file too big to hold in runs only once the check agrees, and converts again from the start when it does not', async () => {
    const plain = csv('runs.csv', 'id,x,label', 20_000, (i) => `row-${i},${i % 977},c${i % 3}`);
    const late = csv('runs-late.csv', 'x,w,label', 20_000, (i) => `${i === 15_000 ? 'n/a?' : i % 50},${i / 4},c${i % 2}`);
    for (const [file, passes] of [
      [plain, 1],
      [late, 2],
    ] as const) {
      const [aside, first] = [await importWith(file, true, 60_000), await importWith(file, false, 60_000)];
      expect(aside.version).toEqual(first.version);
      expect(aside.items).toEqual(first.items);
      expect(aside.passes).toBe(passes);
      expect(aside.counts).toEqual(first.counts);
      expect(aside.scratch).toEqual([]);
    }
  });

  it('counts again a column the check counted as numbers past the cap until a text came', async () => {
    // Missing in the first rows (so not taken for numbers), then 25,000 distinct numbers, then a text.
    const file = csv('late-count.csv', 'v,label', 27_000, (i) => `${i < 1500 ? '' : i === 26_990 ? 'oops' : i},c${i % 3}`);
    const [aside, first] = [await importWith(file, true), await importWith(file, false)];
    expect(aside.version).toEqual(first.version);
    expect(aside.items).toEqual(first.items);
    expect(aside.version.columns[0]).toMatchObject({ name: 'v', type: 'categorical', missing: 1500, distinct: 25_500 });
    expect(aside.passes).toBe(2);
    expect(aside.scratch).toEqual([]);
  });

  it('checks the file here when no worker starts or one dies unanswered', async () => {
    const file = csv('fallback.csv', 'a,b,label', 3000, (i) => `${i},t${i % 7},c${i % 2}`);
    const countDir = path.join(root, 'counts');
    const expected = await profileTable(file, 'csv', undefined, countDir);
    const broken = path.join(root, 'broken-worker.js');
    fs.writeFileSync(broken, "throw new Error('cannot load');\n");
    for (const entry of [path.join(root, 'missing.js'), broken]) {
      const aside = profileAside(file, 'csv', undefined, countDir, entry);
      expect(await aside.scan).toEqual(expected);
      aside.stop();
    }
    expect(expected.columns.map((c) => c.type)).toEqual(['numeric', 'categorical', 'categorical']);
  });
});
