import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import Papa from 'papaparse';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../electron/core/export/bundle/zip';
import { cliOn, dataset, tempDir } from '../helpers';

let dataDir: string;
let work: string;
let irisRun: string;
const IRIS = dataset('iris.csv');
const CLASSES = ['setosa', 'versicolor', 'virginica'];

const cairn = cliOn(() => dataDir, 170_000);

function readCsv(file: string): { fields: string[]; rows: Record<string, string>[] } {
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  return { fields: parsed.meta.fields!, rows: parsed.data };
}

/** iris.csv with columns dropped or added, rows as they are. */
function irisVariant(name: string, edit: (header: string[], rows: string[][]) => { header: string[]; rows: string[][] }): string {
  const [header, ...rows] = fs
    .readFileSync(IRIS, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
  const out = edit(header, rows);
  const file = path.join(work, name);
  fs.writeFileSync(file, [out.header, ...out.rows].map((r) => r.join(',')).join('\n') + '\n');
  return file;
}

function dropColumn(name: string) {
  return (header: string[], rows: string[][]) => {
    const at = header.indexOf(name);
    expect(at).toBeGreaterThan(-1);
    return { header: header.filter((_, i) => i !== at), rows: rows.map((r) => r.filter((_, i) => i !== at)) };
  };
}

beforeAll(() => {
  dataDir = tempDir('cairn-predict-');
  work = tempDir('cairn-predict-work-');
  expect(cairn(['datasets', 'import', IRIS, '--name', 'iris', '--json']).code).toBe(0);
  const train = cairn(['train', '--dataset', 'iris', '--epochs', '15', '--json']);
  expect(train.code, train.stderr).toBe(0);
  irisRun = train.json().runId;
});

describe('cairn predict on a table', () => {
  it('writes the row id, predicted class, one probability per class and the model used', () => {
    const out = path.join(work, 'by-run.csv');
    const r = cairn(['predict', '--model', irisRun, '--input', IRIS, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ rows: 150, classes: CLASSES, out, model: { runId: irisRun, name: null } });
    const { fields, rows } = readCsv(out);
    expect(fields).toEqual(['row', 'predicted', 'prob_setosa', 'prob_versicolor', 'prob_virginica', 'model_version']);
    expect(rows).toHaveLength(150);
    expect(rows[0]).toMatchObject({ row: '1', model_version: irisRun });
    for (const row of rows) {
      const p = CLASSES.map((c) => Number(row[`prob_${c}`]));
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row.predicted).toBe(CLASSES[p.indexOf(Math.max(...p))]);
    }
    const truth = readCsv(IRIS).rows.map((x) => x.label);
    expect(rows.filter((row, i) => row.predicted === truth[i]).length / 150).toBeGreaterThan(0.7);
  });

  it('resolves name@alias, needs no label column, and uses an id column when there is one', () => {
    expect(cairn(['models', 'register', irisRun, '--name', 'iris-clf']).code).toBe(0);
    expect(cairn(['models', 'alias', 'iris-clf', '1', 'challenger']).code).toBe(0);
    const input = irisVariant('ids.csv', (header, rows) => {
      const noLabel = dropColumn('label')(header, rows);
      return { header: ['id', ...noLabel.header.reverse()], rows: noLabel.rows.map((r, i) => [`s${i}`, ...r.reverse()]) };
    });
    const out = path.join(work, 'by-alias.csv');
    const r = cairn(['predict', '--model', 'iris-clf@challenger', '--input', input, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const byAlias = readCsv(out).rows;
    const byRun = readCsv(path.join(work, 'by-run.csv')).rows;
    expect(byAlias[3]).toMatchObject({ id: 's3', model_version: 'iris-clf@1' });
    expect(byAlias.map((x) => x.prob_setosa)).toEqual(byRun.map((x) => x.prob_setosa));
  });

  it('names a missing feature column, and refuses a folder for a table model', () => {
    const r = cairn(['predict', '--model', irisRun, '--input', irisVariant('no-petal.csv', dropColumn('petal_width')), '--out', path.join(work, 'x.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/missing column "petal_width"/);
    expect(fs.existsSync(path.join(work, 'x.csv'))).toBe(false);
    expect(cairn(['predict', '--model', irisRun, '--input', work, '--out', path.join(work, 'x.csv')]).stderr).toMatch(/give a CSV file/);
    expect(cairn(['predict', '--model', 'iris-clf@champion', '--input', IRIS, '--out', path.join(work, 'x.csv')]).stderr).toMatch(
      /Alias "champion" of model "iris-clf" \(its aliases: challenger\) not found/,
    );
  });
});

describe('cairn predict on images, against the exported ONNX', () => {
  it('a small CNN: model.onnx on raw pixels matches predict to 1e-4', async () => {
    const source = dataset('digits-images');
    const train = path.join(work, 'digits-small');
    const sample = path.join(work, 'digits-sample');
    fs.mkdirSync(sample);
    for (const cls of fs.readdirSync(source).filter((d) => fs.statSync(path.join(source, d)).isDirectory())) {
      fs.mkdirSync(path.join(train, cls), { recursive: true });
      const images = fs.readdirSync(path.join(source, cls)).sort();
      for (const img of images.slice(0, 20)) fs.copyFileSync(path.join(source, cls, img), path.join(train, cls, img));
      fs.copyFileSync(path.join(source, cls, images[20]), path.join(sample, `${cls}-${images[20]}`));
    }
    expect(cairn(['datasets', 'import', train, '--name', 'digits-small', '--json']).code).toBe(0);
    const t = cairn(['train', '--dataset', 'digits-small', '--model', 'cnn', '--engine', 'wasm', '--epochs', '1', '--json']);
    expect(t.code, t.stderr).toBe(0);
    const runId = t.json().runId as string;

    const out = path.join(work, 'digits.csv');
    const p = cairn(['predict', '--model', runId, '--input', sample, '--out', out]);
    expect(p.code, p.stderr).toBe(0);
    const { fields, rows } = readCsv(out);
    expect(fields[0]).toBe('path');
    expect(rows.map((r) => r.path)).toEqual(fs.readdirSync(sample).sort());

    const zip = path.join(work, 'digits.zip');
    const e = cairn(['export', runId, '--out', zip]);
    expect(e.code, e.stderr).toBe(0);
    const files = await readZip(zip);
    const spec = JSON.parse(files.get('preprocessing.json')!.toString()) as { width: number; height: number; channels: number };
    // Raw 0-255 pixels, NHWC: the 1/255 scale is inside model.onnx.
    const pixels = await Promise.all(
      rows.map(async (r) => {
        const img = sharp(path.join(sample, r.path)).resize(spec.width, spec.height, { fit: 'fill' }).removeAlpha().grayscale();
        return Float32Array.from(await img.raw().toBuffer());
      }),
    );
    const x = new Float32Array(pixels.length * spec.width * spec.height * spec.channels);
    pixels.forEach((px, i) => x.set(px, i * px.length));
    const session = await ort.InferenceSession.create(files.get('model.onnx')!);
    const result = (await session.run({ input: new ort.Tensor('float32', x, [rows.length, spec.height, spec.width, spec.channels]) })).output
      .data as Float32Array;
    await session.release();
    const classes = fields.filter((f) => f.startsWith('prob_'));
    let worst = 0;
    rows.forEach((r, i) => classes.forEach((c, k) => (worst = Math.max(worst, Math.abs(Number(r[c]) - result[i * classes.length + k])))));
    expect(worst).toBeLessThan(1e-4);
  });
});
