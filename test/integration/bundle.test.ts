import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { readZip, writeZip } from '../../electron/core/export/bundle/zip';
import { sha256 } from '../../electron/core/export/bundle/manifest';
import { cliOn, dataset, rowCount, tempDir } from '../helpers';

let dataDir: string;
let work: string;
let bundle: string;
const IRIS = dataset('iris.csv');

const cairn = cliOn(() => dataDir, 170_000);

function readCsv(file: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

function predictProbs(ref: string): number[][] {
  const out = path.join(work, `pred-${ref.replace(/\W/g, '_')}.csv`);
  const r = cairn(['predict', '--model', ref, '--input', IRIS, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return readCsv(out).map((row) => ['setosa', 'versicolor', 'virginica'].map((c) => Number(row[`prob_${c}`])));
}

/** Rows of the store and files on disk, to show a refused import left nothing behind. */
function storeState() {
  const db = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
  const count = (t: string) => rowCount(db, t);
  const state = { files: count('files'), models: count('models'), versions: count('model_versions'), versionFiles: count('model_version_files'), onDisk: 0 };
  db.close();
  const root = path.join(dataDir, 'files');
  state.onDisk = fs.readdirSync(root).flatMap((d) => fs.readdirSync(path.join(root, d))).length;
  return state;
}

beforeAll(() => {
  dataDir = tempDir('cairn-bundle-');
  work = tempDir('cairn-bundle-work-');
  expect(cairn(['datasets', 'import', IRIS, '--name', 'iris', '--json']).code).toBe(0);
  const train = cairn(['train', '--dataset', 'iris', '--epochs', '15', '--json']);
  expect(train.code, train.stderr).toBe(0);
  expect(cairn(['models', 'register', train.json().runId, '--name', 'iris-clf', '--json']).code).toBe(0);
  expect(cairn(['models', 'alias', 'iris-clf', '1', 'challenger']).code).toBe(0);
  bundle = path.join(work, 'iris.zip');
  const exp = cairn(['export', 'iris-clf@challenger', '--out', bundle]);
  expect(exp.code, exp.stderr).toBe(0);
});

describe('export bundle', () => {
  it('holds the model, ONNX, preprocessing, card, README and a manifest of every file', async () => {
    const files = await readZip(bundle);
    expect([...files.keys()].sort()).toEqual([
      'README.md',
      'manifest.json',
      'model-card.html',
      'model-card.md',
      'model.onnx',
      'model/model.json',
      'model/weights.bin',
      'preprocessing.json',
    ]);
    const manifest = JSON.parse(files.get('manifest.json')!.toString());
    expect(manifest).toMatchObject({
      format: 'cairn-model-bundle',
      formatVersion: 1,
      source: { model: { name: 'iris-clf', version: 1 } },
      classes: ['setosa', 'versicolor', 'virginica'],
      onnx: { included: true },
    });
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual([...files.keys()].filter((k) => k !== 'manifest.json').sort());
    for (const f of manifest.files)
      expect({ sha256: sha256(files.get(f.path)!), size: files.get(f.path)!.byteLength }).toEqual({ sha256: f.sha256, size: f.size });
    const card = files.get('model-card.md')!.toString();
    for (const section of ['Intended use', 'Data', 'Metrics', 'Quality gates', 'Fairness', 'Limitations and caveats', 'Lineage', 'How it was trained'])
      expect(card).toContain(`## ${section}`);
    expect(card).toContain(manifest.lineage.dataset.hash);
    expect(card).toContain('epochs 15');
    expect(card).toContain('| Training data | iris@1 | 150 |');
    expect(files.get('model-card.html')!.toString()).toContain('<h2>Intended use</h2>');
    const readme = files.get('README.md')!.toString();
    expect(readme).toContain('import onnxruntime as ort');
    expect(readme).toContain('loadLayersModel');
  });

  it('writes the same bytes for the same model', () => {
    const again = path.join(work, 'again.zip');
    expect(cairn(['export', 'iris-clf@1', '--out', again]).code).toBe(0);
    expect(sha256(fs.readFileSync(again))).toBe(sha256(fs.readFileSync(bundle)));
  });

  it('model.onnx on raw iris features (as the README builds them) matches cairn predict to 1e-4', async () => {
    const files = await readZip(bundle);
    const spec = JSON.parse(files.get('preprocessing.json')!.toString()) as { features: { name: string; kind: string }[] };
    const rows = readCsv(IRIS);
    // The README's features(): numeric features raw, in preprocessing.json order (iris has no categorical ones).
    expect(spec.features.every((f) => f.kind === 'numeric')).toBe(true);
    const x = Float32Array.from(rows.flatMap((r) => spec.features.map((f) => Number(r[f.name]))));
    const session = await ort.InferenceSession.create(files.get('model.onnx')!);
    const out = (await session.run({ input: new ort.Tensor('float32', x, [rows.length, spec.features.length]) })).output.data as Float32Array;
    await session.release();
    const predicted = predictProbs('iris-clf@challenger');
    let worst = 0;
    predicted.forEach((p, i) => p.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - out[i * 3 + k])))));
    expect(worst).toBeLessThan(1e-4);
  });

  it('imports back as a version without a run whose predictions equal the original', () => {
    const before = storeState();
    const r = cairn(['models', 'import', bundle, '--name', 'iris-imported', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      model: 'iris-imported',
      version: 1,
      runId: null,
      source: 'import',
      lineage: { imported: { file: bundle, manifestSource: { model: { name: 'iris-clf', version: 1 } } }, dataset: { name: 'iris' } },
    });
    expect(storeState().versions).toBe(before.versions + 1);
    expect(predictProbs('iris-imported@1')).toEqual(predictProbs('iris-clf@1'));
  });

  it('has the card say which rows the model fitted on and was evaluated on, marking training data', async () => {
    const e = cairn(['evaluate', '--run', 'iris-clf@1', '--dataset', 'iris', '--json']);
    expect(e.code, e.stderr).toBe(0);
    const rec = e.json();
    // No stored split: all 150 rows, of which the run fitted on 120 (validationSplit 0.2); a duplicate row may add one.
    expect(rec).toMatchObject({ split: 'all', rows: 150, gateStatus: 'no_gates' });
    expect(rec.trainingOverlap).toBeGreaterThanOrEqual(120);
    const out = path.join(work, 'iris-evaluated.zip');
    expect(cairn(['export', 'iris-clf@1', '--out', out]).code).toBe(0);
    const card = (await readZip(out)).get('model-card.md')!.toString();
    expect(card).toContain('| Fitted on | its training rows, from a seeded, stratified 0.2 fraction (seed 42) | 120 |  |');
    expect(card).toContain('| Validated on | its validation rows | 30 |  |');
    expect(card).toContain('Evaluated on training data: no evaluation on held-out rows');
    expect(card).toContain('| Evaluated on | all of iris@1 | 150 |  |');
    expect(card).toContain(`_Evaluated on training data:_ ${rec.trainingOverlap} of 150 evaluated rows`);
  });

  it('never lets an evaluation of an imported model, whose training rows are unknown, make it champion', () => {
    const gates = path.join(work, 'gates.json');
    fs.writeFileSync(gates, JSON.stringify(['accuracy >= 0.1']));
    const e = cairn(['evaluate', '--run', 'iris-imported@1', '--dataset', 'iris', '--gates', gates, '--json']);
    expect(e.code, e.stderr).toBe(0);
    expect(e.json()).toMatchObject({ gateStatus: 'passed', trainingOverlap: null });
    expect(e.stderr).toMatch(/iris-imported v1's training rows are unknown/);
    const r = cairn(['models', 'alias', 'iris-imported', '1', 'champion']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/training rows are unknown/);
  });
});

describe('import refuses a bad bundle with one clear error and leaves the store unchanged', () => {
  async function variant(name: string, edit: (files: Map<string, Buffer>) => void, rename?: [string, string]): Promise<string> {
    const files = await readZip(bundle);
    edit(files);
    const file = path.join(work, `${name}.zip`);
    await writeZip(file, [...files]);
    if (rename) {
      // yazl won't write unsafe names, so a same-length placeholder is swapped in the bytes.
      const bytes = fs.readFileSync(file);
      const from = Buffer.from(rename[0]);
      let at = bytes.indexOf(from);
      expect(at).toBeGreaterThan(-1);
      for (; at !== -1; at = bytes.indexOf(from, at + 1)) Buffer.from(rename[1]).copy(bytes, at);
      fs.writeFileSync(file, bytes);
    }
    return file;
  }

  /** Rewrites the uncompressed size the central directory declares for `name`, as a crafted zip would. */
  function forgeDeclaredSize(file: string, name: string, size: number): void {
    const bytes = fs.readFileSync(file);
    const sig = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
    for (let at = bytes.indexOf(sig); at !== -1; at = bytes.indexOf(sig, at + 4)) {
      const nameLength = bytes.readUInt16LE(at + 28);
      if (bytes.toString('utf8', at + 46, at + 46 + nameLength) !== name) continue;
      bytes.writeUInt32LE(size, at + 24);
      fs.writeFileSync(file, bytes);
      return;
    }
    throw new Error(`no central directory entry ${name}`);
  }

  function updateManifest(files: Map<string, Buffer>, p: string): void {
    const manifest = JSON.parse(files.get('manifest.json')!.toString());
    const entry = manifest.files.find((f: { path: string }) => f.path === p);
    Object.assign(entry, { sha256: sha256(files.get(p)!), size: files.get(p)!.byteLength });
    files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  }

  const cases: [string, () => Promise<string>, RegExp, Record<string, string>?][] = [
    ['no manifest', () => variant('nomanifest', (f) => f.delete('manifest.json')), /nomanifest\.zip: no manifest\.json; not a Cairn model bundle/],
    [
      'a size forged to 3.75 GiB in the central directory, before inflating anything',
      async () => {
        const file = await variant('forged', () => {});
        forgeDeclaredSize(file, 'model/weights.bin', 0xf0000000);
        return file;
      },
      /forged\.zip: the bundle unpacks to more than 2 GiB \(CAIRN_MAX_BUNDLE_MB/,
    ],
    [
      'an entry that inflates past the size its header declares',
      async () => {
        let size = 0;
        const file = await variant('lying', (f) => {
          // The manifest agrees with the forged directory, so only the inflating stream can tell.
          size = f.get('README.md')!.byteLength;
          const manifest = JSON.parse(f.get('manifest.json')!.toString());
          manifest.files.find((e: { path: string }) => e.path === 'README.md').size = size - 100;
          f.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
        });
        forgeDeclaredSize(file, 'README.md', size - 100);
        return file;
      },
      /entry "README\.md" is damaged or not the size its header declares/,
    ],
    [
      'an entry packed like a zip bomb (20 MB of zeros), from the directory alone',
      () =>
        variant('bomb', (f) => {
          f.set('pad.bin', Buffer.alloc(20_000_000));
          const manifest = JSON.parse(f.get('manifest.json')!.toString());
          manifest.files.push({ path: 'pad.bin', sha256: sha256(f.get('pad.bin')!), size: 20_000_000 });
          f.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
        }),
      /entry "pad\.bin" unpacks to more than 200 times its packed size, like a zip bomb \(CAIRN_MAX_BUNDLE_RATIO/,
    ],
    [
      'a bundle over a lowered total limit',
      () => variant('total', () => {}),
      /total\.zip: the bundle unpacks to more than 10 KiB/,
      { CAIRN_MAX_BUNDLE_MB: String(10 / 1024) },
    ],
    [
      'zip slip with ..',
      () => variant('dotdot', (f) => f.set('zz/evil.txt', Buffer.from('x')), ['zz/evil.txt', '../evil.txt']),
      /unsafe entry "\.\.\/evil\.txt".*\.\./,
    ],
    [
      'an absolute path',
      () => variant('absolute', (f) => f.set('Xtmp/evil.txt', Buffer.from('x')), ['Xtmp/evil.txt', '/tmp/evil.txt']),
      /unsafe entry "\/tmp\/evil\.txt".*absolute/,
    ],
    [
      'a backslash',
      () => variant('backslash', (f) => f.set('model_evil.txt', Buffer.from('x')), ['model_evil.txt', 'model\\evil.txt']),
      /unsafe entry .*backslash/,
    ],
    [
      'a symlink',
      async () => {
        const file = path.join(work, 'symlink.zip');
        const yazl = (await import('yazl')).default;
        const zip = new yazl.ZipFile();
        for (const [n, data] of await readZip(bundle)) zip.addBuffer(data, n);
        zip.addBuffer(Buffer.from('/etc/passwd'), 'model/link', { mode: 0o120777 });
        zip.end();
        await new Promise<void>((resolve) => zip.outputStream.pipe(fs.createWriteStream(file)).on('finish', () => resolve()));
        return file;
      },
      /"model\/link" is a symbolic link/,
    ],
    [
      'a truncated zip',
      async () => {
        const file = path.join(work, 'truncated.zip');
        const bytes = fs.readFileSync(bundle);
        fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
        return file;
      },
      /not a readable zip \(truncated or corrupt\)/,
    ],
    [
      'a wrong checksum',
      () => variant('checksum', (f) => f.set('README.md', Buffer.concat([f.get('README.md')!, Buffer.from('tampered\n')]))),
      /checksum mismatch for "README\.md"/,
    ],
    ['a file missing', () => variant('missing', (f) => f.delete('model-card.html')), /"model-card\.html" is listed in manifest\.json but missing/],
    ['an extra file', () => variant('extra', (f) => f.set('notes.txt', Buffer.from('hi'))), /files not listed in manifest\.json: notes\.txt/],
    [
      'an unknown layer type',
      () =>
        variant('layer', (f) => {
          const json = JSON.parse(f.get('model/model.json')!.toString());
          json.modelTopology.config.layers[0].class_name = 'FancyDense';
          f.set('model/model.json', Buffer.from(JSON.stringify(json)));
          updateManifest(f, 'model/model.json');
        }),
      /model\/model\.json could not be loaded as a tfjs layers model: .*FancyDense/,
    ],
    [
      'a malformed model.json',
      () =>
        variant('malformed', (f) => {
          f.set('model/model.json', Buffer.from('{"modelTopology": '));
          updateManifest(f, 'model/model.json');
        }),
      /model\/model\.json is not valid JSON/,
    ],
  ];

  for (const [what, make, message, env] of cases) {
    it(`refuses ${what}`, async () => {
      const file = await make();
      const before = storeState();
      const r = cairn(['models', 'import', file, '--name', 'bad', '--json'], env);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(storeState()).toEqual(before);
    });
  }
});
