import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { startServer } from '../../electron/server/http-server';
import { readOrCreateToken, tokenReader } from '../../electron/server/token';
import { cliOn, dataset, datasetCounts, tempDir } from '../helpers';

let core: Core;
let dir: string;
let dataDir: string;

beforeEach(() => {
  dir = tempDir('cairn-import-');
  dataDir = path.join(dir, 'data');
  core = new Core({ dataDir, transport: 'http' });
});
afterEach(() => core.close());

const counts = () => datasetCounts(core.services.db);

/** Nothing of an import is left behind in the data folder's scratch area. */
function scratch(): string[] {
  const tmp = path.join(dataDir, 'tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('streamed table import', () => {
  // Hashes made by the whole-file import this one replaced: the same content is the same version.
  const BEFORE: [string, number, string][] = [
    ['iris.csv', 150, '1397f0acaa7fc4b5ffaf382cd5f1a5dfed26b52cdc4538259ec48abb38bd852f'],
    ['wine.csv', 178, 'b7b7681e7cb7efff4e10639e9b0c41881661d9195f373489a51d93c6a363c476'],
    ['breast_cancer.csv', 569, '3d7462cc48bb00c96ae3863ba3605e07c3ba7931840b2b1c46b66cbf42b3c424'],
    ['digits.csv', 1797, '9d43b7f1e3aff7d165c0e2b8691728960a828ff37a7d4e9279b2369f92bd6bde'],
    ['adult.csv.gz', 32561, '1e5e9ff9c68c38765e92a6c032fadc98e2605a07bdd5e5b4c158347fdec5168e'],
    ['digits-images', 1797, '6c9e1fa90e573adf6decf137b9fd1ac12d480b7fe26e934d3fa5dd093ed850e5'],
  ];

  it('gives the shared datasets the same content hashes as the whole-file import did', async () => {
    for (const [file, rows, hash] of BEFORE) {
      const ds = await core.services.datasets.import({ path: dataset(file), name: file });
      expect([file, ds.latest.rows, ds.latest.hash]).toEqual([file, rows, hash]);
    }
    // fnlwgt has more distinct values than are counted in memory: counted exactly after.
    const adult = core.services.datasets.repo.findByName('adult.csv.gz')!.latest.columns;
    expect(adult.find((c) => c.name === 'fnlwgt')).toEqual({ name: 'fnlwgt', type: 'numeric', missing: 0, distinct: 21648 });
    expect(adult.find((c) => c.name === 'workclass')).toEqual({ name: 'workclass', type: 'categorical', missing: 1836, distinct: 8 });
    expect(scratch()).toEqual([]);
  });

  it('reads a BOM, quoted newlines, mixed types, gzip and tabs', async () => {
    const csv = '\uFEFFnote,mixed,label\n"two\nlines",1,a\n"a, b",x,b\n\n ,, \n"q ""c""",2.5,a\n';
    const ds = await core.services.datasets.import({ path: write('edge.csv.gz', zlib.gzipSync(csv)), name: 'edge' });
    expect(ds.latest.columns).toEqual([
      { name: 'note', type: 'categorical', missing: 0, distinct: 3 },
      { name: 'mixed', type: 'categorical', missing: 0, distinct: 3 },
      { name: 'label', type: 'categorical', missing: 0, distinct: 2 },
    ]);
    expect(core.services.datasets.repo.items(ds.latest.id).map((i) => [i.data, i.label])).toEqual([
      ['["two\\nlines","1"]', 'a'],
      ['["a, b","x"]', 'b'],
      ['["q \\"c\\"","2.5"]', 'a'],
    ]);
    const tsv = await core.services.datasets.import({ path: write('t.tsv', 'a\tb\tlabel\n1\t2\tx\n3\tNA\ty\n'), name: 'tsv' });
    expect(tsv.latest.columns.map((c) => [c.type, c.missing])).toEqual([
      ['numeric', 0],
      ['numeric', 1],
      ['categorical', 0],
    ]);
  });

  it('rejects a ragged row deep in the file with its line, keeping nothing and no scratch files', async () => {
    const lines = ['a,b,label', ...Array.from({ length: 5000 }, (_, i) => `${i},${i * 2},c${i % 3}`)];
    lines.splice(4321, 0, '1,2');
    await expect(core.services.datasets.import({ path: write('ragged.csv', lines.join('\n')), name: 'r' })).rejects.toThrow(
      /ragged\.csv: line 4322: expected 3 fields, found 2/,
    );
    expect(counts()).toEqual({ datasets: 0, versions: 0, items: 0, links: 0 });
    expect(scratch()).toEqual([]);
  });

  it('imports 200,000 generated rows with exact counts, the same hash formula, and no write lock held while streaming', async () => {
    const N = 200_000;
    const rows: string[] = ['u,v,color,id,label'];
    for (let i = 0; i < N; i++)
      rows.push(`${i % 1000},${((i * 7919) % 100_003) / 10},${i % 7 === 0 ? 'NA' : ['red', 'green', 'blue'][i % 3]},row-${i},c${i % 4}`);
    const file = write('big.csv', rows.join('\n') + '\n');
    const phases = new Set<string>();
    const ds = await core.services.datasets.import({ path: file, name: 'big' }, (p) => {
      phases.add(p.phase);
      expect(core.services.db.inTransaction).toBe(false);
    });
    expect([...phases]).toEqual(['checking', 'importing']);
    const v = ds.latest;
    const vs = new Set(Array.from({ length: N }, (_, i) => ((i * 7919) % 100_003) / 10));
    expect(v.columns).toEqual([
      { name: 'u', type: 'numeric', missing: 0, distinct: 1000 },
      { name: 'v', type: 'numeric', missing: 0, distinct: vs.size },
      { name: 'color', type: 'categorical', missing: Math.ceil(N / 7), distinct: 3 },
      { name: 'id', type: 'categorical', missing: 0, distinct: N },
      { name: 'label', type: 'categorical', missing: 0, distinct: 4 },
    ]);
    expect(v).toMatchObject({ rows: N, labelColumn: 'label', classes: ['c0', 'c1', 'c2', 'c3'] });

    // The version hash, spelled out: header JSON, then "\n<item hash>\t<label>" per row.
    const h = crypto.createHash('sha256').update(JSON.stringify({ kind: 'tabular', columns: v.columns.map((c) => [c.name, c.type]), label: 'label' }));
    for (let i = 0; i < N; i++) {
      const data = JSON.stringify([i % 1000, ((i * 7919) % 100_003) / 10, i % 7 === 0 ? null : ['red', 'green', 'blue'][i % 3], `row-${i}`]);
      h.update(`\n${crypto.createHash('sha256').update(data).digest('hex')}\tc${i % 4}`);
    }
    expect(v.hash).toBe(h.digest('hex'));
    const last = core.services.db
      .prepare('SELECT i.data, vi.label FROM version_items vi JOIN items i ON i.id = vi.item_id WHERE vi.version_id = ? AND vi.position = ?')
      .get(v.id, N - 1);
    expect(last).toEqual({ data: JSON.stringify([999, ((199_999 * 7919) % 100_003) / 10, 'green', 'row-199999']), label: 'c3' });

    const again = await core.services.datasets.import({ path: file, name: 'big' });
    expect(again.latest.id).toBe(v.id);
    expect(scratch()).toEqual([]);
  });

  it('imports JSON Lines streamed, columns in order of first appearance', async () => {
    const file = write('p.jsonl', ['{"w": 4.2, "label": "cat"}', '', '{"w": 30, "label": "dog", "age": 3}'].join('\n'));
    const ds = await core.services.datasets.import({ path: file, name: 'p' });
    expect(ds.latest.columns.map((c) => [c.name, c.type, c.missing])).toEqual([
      ['w', 'numeric', 0],
      ['label', 'categorical', 0],
      ['age', 'numeric', 1],
    ]);
    await expect(core.services.datasets.import({ path: write('bad.jsonl', '{"a": 1}\n\n[1]\n'), name: 'b' })).rejects.toThrow(
      /bad\.jsonl: line 3: expected a JSON object/,
    );
  });
});

describe('text and unlabeled tables', () => {
  it('imports a .txt file as one text per non-empty line, unlabeled', async () => {
    const file = write('reviews.txt', 'Great phone, battery lasts\n\n  Screen cracked after a week  \nNA\n');
    const ds = await core.services.datasets.import({ path: file, name: 'reviews' });
    expect(ds.latest).toMatchObject({
      kind: 'tabular',
      rows: 3,
      labelColumn: null,
      classes: [],
      columns: [{ name: 'text', type: 'text', missing: 1, distinct: 2 }],
    });
    expect(core.services.datasets.repo.items(ds.latest.id).map((i) => [i.data, i.label])).toEqual([
      ['["Great phone, battery lasts"]', null],
      ['["Screen cracked after a week"]', null],
      ['[null]', null],
    ]);
  });

  it('types a column of long, mostly distinct sentences as text, short values as categorical', async () => {
    const rows = ['review,city,label'];
    for (let i = 0; i < 40; i++) rows.push(`"This product number ${i} worked well for me",${['Paris', 'New York'][i % 2]},${i % 2 ? 'pos' : 'neg'}`);
    const ds = await core.services.datasets.import({ path: write('r.csv', rows.join('\n')), name: 'r' });
    expect(ds.latest.columns.map((c) => c.type)).toEqual(['text', 'categorical', 'categorical']);
  });

  it('imports a table with no label column when asked, every column a feature', async () => {
    const ds = await core.services.datasets.import({ path: dataset('iris.csv'), name: 'iris', unlabeled: true });
    expect(ds.latest).toMatchObject({ labelColumn: null, classes: [], rows: 150 });
    const first = core.services.datasets.repo.items(ds.latest.id)[0];
    expect(JSON.parse(first.data!)).toEqual([5.1, 3.5, 1.4, 0.2, 'setosa']);
    expect(first.label).toBeNull();
    await expect(core.services.datasets.import({ path: dataset('iris.csv'), name: 'x', unlabeled: true, labelColumn: 'label' })).rejects.toThrow(
      /label column or no label, not both/,
    );
  });
});

describe('image folders', () => {
  function flatFolder(name: string, count: number): string {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder, { recursive: true });
    for (let i = 0; i < count; i++)
      fs.copyFileSync(dataset('digits-images', String(i), fs.readdirSync(dataset('digits-images', String(i)))[0]), path.join(folder, `img${i}.png`));
    return folder;
  }

  it('labels a flat folder from a labels CSV, leaves unlisted images unlabeled, and records pixel sizes', async () => {
    const folder = flatFolder('flat', 4);
    const labels = write('labels.csv', 'image,label\nimg0.png,zero\n./img1.png,one\nimg3.png,\n');
    const ds = await core.services.datasets.import({ path: folder, name: 'flat', labels });
    expect(ds.latest).toMatchObject({ kind: 'images', rows: 4, labelColumn: 'label', classes: ['one', 'zero'] });
    expect(ds.skipped).toEqual([]);
    expect(core.services.datasets.repo.items(ds.latest.id).map((i) => [i.name, i.label, i.width, i.height])).toEqual([
      ['img0.png', 'zero', 32, 32],
      ['img1.png', 'one', 32, 32],
      ['img2.png', null, 32, 32],
      ['img3.png', null, 32, 32],
    ]);
  });

  it('rejects a labels CSV row naming a missing image, with its line', async () => {
    const folder = flatFolder('flat2', 2);
    const labels = write('l.csv', 'file,label\nimg0.png,a\nimg9.png,b\n');
    await expect(core.services.datasets.import({ path: folder, name: 'f', labels })).rejects.toThrow(/l\.csv: line 3: no image "img9\.png" in /);
    expect(counts().datasets).toBe(0);
  });

  it('skips non-image files by default and reports them; rejects the folder when asked', async () => {
    const folder = flatFolder('mixed', 2);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not an image');
    fs.writeFileSync(path.join(folder, '.DS_Store'), 'hidden');
    const ds = await core.services.datasets.import({ path: folder, name: 'mixed' });
    expect(ds.skipped).toEqual(['notes.txt']);
    expect(ds.latest).toMatchObject({ rows: 2, labelColumn: null });
    await expect(core.services.datasets.import({ path: folder, name: 'mixed2', nonImages: 'reject' })).rejects.toThrow(/^notes\.txt: not an image/);
    expect(counts().datasets).toBe(1);
  });
});

describe('upload endpoint', () => {
  it('needs the token, streams the file into uploads/, imports it by path and removes it, and refuses oversize bodies', async () => {
    const token = readOrCreateToken(dataDir);
    const server = await startServer(core, { host: '127.0.0.1', port: 0, token: tokenReader(dataDir), staticDir: tempDir(), maxUploadBytes: 64 * 1024 });
    const post = (pathname: string, body: Buffer | string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: server.port, path: pathname, method: 'POST', headers }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const csv = fs.readFileSync(dataset('iris.csv'));
      expect((await post('/upload?name=iris.csv', csv)).status).toBe(401);
      const auth = { Authorization: `Bearer ${token}` };
      const up = await post(`/upload?name=${encodeURIComponent('../my iris.csv')}`, csv, auth);
      expect(up.status, up.body).toBe(200);
      const uploaded = JSON.parse(up.body).path as string;
      expect(path.dirname(uploaded)).toBe(path.join(dataDir, 'uploads'));
      expect(path.basename(uploaded)).toMatch(/^upload-\d+-[0-9a-f]{16}-my_iris\.csv$/);
      expect(fs.readFileSync(uploaded)).toEqual(csv);

      const res = await post('/api/call/datasets.import', JSON.stringify({ path: uploaded, name: 'iris' }), { ...auth, 'Content-Type': 'application/json' });
      expect(JSON.parse(res.body)).toMatchObject({
        ok: true,
        value: { name: 'iris', latest: { rows: 150, hash: '1397f0acaa7fc4b5ffaf382cd5f1a5dfed26b52cdc4538259ec48abb38bd852f' }, skipped: [] },
      });
      expect(fs.existsSync(uploaded)).toBe(false);

      const big = await post('/upload?name=big.csv', Buffer.alloc(100 * 1024, 'a'), auth);
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body).error.message).toMatch(/larger than/);
      expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('cairn datasets import', () => {
  const cairn = cliOn(() => dataDir, 60_000);

  it('takes --label-column, --no-label, --labels and --non-images', () => {
    core.close();
    const wine = dataset('wine.csv');
    const byColumn = cairn(['datasets', 'import', wine, '--name', 'w', '--label-column', 'alcohol', '--json']);
    expect(byColumn.code, byColumn.stderr).toBe(0);
    expect(JSON.parse(byColumn.stdout)).toMatchObject({ labelColumn: 'alcohol', skipped: [] });
    const none = cairn(['datasets', 'import', wine, '--name', 'w2', '--no-label', '--json']);
    expect(JSON.parse(none.stdout)).toMatchObject({ labelColumn: null, classes: [] });

    const folder = path.join(dir, 'cli-flat');
    fs.mkdirSync(folder);
    fs.copyFileSync(dataset('digits-images', '0', '0000.png'), path.join(folder, 'a.png'));
    fs.writeFileSync(path.join(folder, 'readme.md'), '#');
    const labels = write('cli-labels.csv', 'filename,label\na.png,zero\n');
    const flat = cairn(['datasets', 'import', folder, '--name', 'f', '--labels', labels, '--json']);
    expect(JSON.parse(flat.stdout)).toMatchObject({ classes: ['zero'], skipped: ['readme.md'] });
    const rejected = cairn(['datasets', 'import', folder, '--name', 'f2', '--non-images', 'reject']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/readme\.md: not an image/);
    core = new Core({ dataDir, transport: 'http' });
  });
});
