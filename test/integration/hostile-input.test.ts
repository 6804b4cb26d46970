import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import yazl from 'yazl';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn, dataset, tempDir } from '../helpers';

let dataDir: string;
let work: string;

const cairn = cliOn(() => dataDir, 170_000);

function write(name: string, content: string | Buffer): string {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const DIGIT = fs.readFileSync(dataset('digits-images', '3', '0003.png'));

/** A folder of two classes of good digits plus `bad` under class b. */
function imageFolder(name: string, bad: Record<string, Buffer>): string {
  for (const cls of ['a', 'b']) for (const n of ['0001', '0002']) write(`${name}/${cls}/${n}.png`, DIGIT);
  for (const [file, data] of Object.entries(bad)) write(`${name}/b/${file}`, data);
  return path.join(work, name);
}

/** What an import could leave behind: datasets, stored files, scratch files. */
function state() {
  const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  const blobs = list(path.join(dataDir, 'files'))
    .flatMap((d) => list(path.join(dataDir, 'files', d)))
    .sort();
  const datasets = cairn(['datasets', 'list', '--json']).stdout;
  return { datasets, blobs, tmp: list(path.join(dataDir, 'tmp')), uploads: list(path.join(dataDir, 'uploads')) };
}

beforeAll(() => {
  dataDir = tempDir('cairn-hostile-');
  work = tempDir('cairn-hostile-work-');
  // A dataset and stored images already there, which a refused import must leave as they are.
  expect(cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']).code).toBe(0);
  expect(cairn(['datasets', 'import', imageFolder('good', {}), '--name', 'digits']).code).toBe(0);
});

describe('a bad-input corpus: each refused in one line, non-zero, keeping nothing', () => {
  const field = crypto.randomBytes(11_000_000).toString('hex');
  const zip = () => {
    const z = new yazl.ZipFile();
    z.addBuffer(Buffer.from('a,b\n1,2\n'), 'data.csv');
    z.end();
    return new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      z.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
    });
  };
  const cases: [string, () => Promise<string> | string, RegExp, Record<string, string>?][] = [
    [
      'a CSV with one 22 MB field',
      () => write('field.csv', `a,label\n1,x\n"${field}",y\n`),
      /field\.csv: line 3: a record longer than 16 MiB \(CAIRN_MAX_RECORD_MB raises the limit\)$/,
    ],
    ['the same field gzipped', () => write('field.csv.gz', zlib.gzipSync(`a,label\n"${field}",y\n`)), /field\.csv\.gz: line 2: a record longer than 16 MiB/],
    ['a JSON Lines line of 22 MB', () => write('line.jsonl', `{"a":1}\n{"a":"${field}"}\n`), /line\.jsonl: line 2: a record longer than 16 MiB/],
    [
      'a gzip bomb (24 MB of rows packed 1000:1)',
      () => write('bomb.csv.gz', zlib.gzipSync('a,b\n' + '0,0\n'.repeat(6_000_000))),
      /bomb\.csv\.gz: unpacks to more than 200 times its packed size, like a gzip bomb/,
    ],
    [
      'a gzip over a lowered absolute cap',
      () => write('big.csv.gz', zlib.gzipSync('a,b\n' + '1,2\n'.repeat(1_000_000))),
      /big\.csv\.gz: unpacks to more than 2 MiB \(CAIRN_MAX_GUNZIP_MB raises the limit\)$/,
      { CAIRN_MAX_GUNZIP_MB: '2' },
    ],
    [
      'a truncated gzip',
      () => {
        const packed = zlib.gzipSync(
          `a,b\n${crypto
            .randomBytes(20_000)
            .toString('hex')
            .replace(/(.{8})/g, '$1,x\n')}`,
        );
        return write('cut.csv.gz', packed.subarray(0, packed.length / 2));
      },
      /cut\.csv\.gz: unexpected end of file$/,
    ],
    ['a zero-byte CSV', () => write('empty.csv', ''), /empty\.csv: the file is empty$/],
    ['a zip given as a table', async () => write('table.zip', await zip()), /table\.zip: binary data, not text/],
    ['a PNG given as a table', () => write('image.csv', DIGIT), /image\.csv: binary data, not text/],
    [
      'a truncated PNG with a valid header',
      () => imageFolder('truncated', { '0003.png': DIGIT.subarray(0, Math.floor(DIGIT.length / 2)) }),
      /^cairn: b\/0003\.png: not a readable image \(.+\)$/,
    ],
    [
      'text in a .png',
      () => imageFolder('text', { '0003.png': Buffer.from('id,label\n1,a\n') }),
      /^cairn: b\/0003\.png: not a readable image \(.*unsupported image format\)$/,
    ],
    ['a zero-byte .png', () => imageFolder('zero', { '0003.png': Buffer.alloc(0) }), /^cairn: b\/0003\.png: not a readable image/],
    [
      'a COCO annotations file over a lowered cap',
      () => {
        write('coco/images/x.png', DIGIT);
        const doc = { images: [{ id: 1, file_name: 'x.png', width: 8, height: 8 }], annotations: [], categories: [{ id: 1, name: 'c'.repeat(2000) }] };
        write('coco/annotations.json', JSON.stringify(doc));
        return path.join(work, 'coco');
      },
      /^cairn: annotations\.json: larger than 1\.02 KiB \(CAIRN_MAX_ANNOTATIONS_MB raises the limit\)$/,
      { CAIRN_MAX_ANNOTATIONS_MB: '0.001' },
    ],
    [
      'a YOLO label file over the record limit',
      () => {
        write('yolo/images/x.png', DIGIT);
        write('yolo/classes.txt', 'c\n');
        write('yolo/labels/x.txt', '0 0.5 0.5 0.1 0.1\n'.repeat(100));
        return path.join(work, 'yolo');
      },
      /^cairn: labels\/x\.txt: larger than 1\.02 KiB \(CAIRN_MAX_RECORD_MB raises the limit\)$/,
      { CAIRN_MAX_RECORD_MB: '0.001' },
    ],
    ['a bad limit setting', () => dataset('iris.csv'), /^cairn: CAIRN_MAX_RECORD_MB must be a positive number, got "-1"$/, { CAIRN_MAX_RECORD_MB: '-1' }],
  ];

  for (const [what, make, message, env] of cases) {
    it(`refuses ${what}`, async () => {
      const input = await make();
      const before = state();
      const started = Date.now();
      const r = cairn(['datasets', 'import', input, '--name', 'hostile', '--json'], env);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      // A functional bound, not a benchmark: the 22 MB field took minutes when parsing was quadratic.
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(state()).toEqual(before);
    }, 60_000);
  }
});

describe('a stored image damaged after its import', () => {
  it('fails training with the image named, and the quality report lists it', () => {
    expect(
      cairn([
        'datasets',
        'import',
        imageFolder('later', { '0003.png': fs.readFileSync(dataset('digits-images', '5', fs.readdirSync(dataset('digits-images', '5'))[0])) }),
        '--name',
        'later',
      ]).code,
    ).toBe(0);
    const db = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
    const hash = db.prepare("SELECT file_hash FROM items WHERE name = 'b/0003.png'").pluck().get() as string;
    db.close();
    const stored = path.join(dataDir, 'files', hash.slice(0, 2), hash);
    fs.writeFileSync(stored, fs.readFileSync(stored).subarray(0, 100));
    const train = cairn(['train', '--dataset', 'later', '--epochs', '1']);
    expect(train.code).not.toBe(0);
    expect(train.stderr).toMatch(/b\/0003\.png: not a readable image \(.+\)/);
    const quality = cairn(['datasets', 'quality', 'later', '--json']);
    expect(quality.code, quality.stderr).toBe(0);
    expect(JSON.parse(quality.stdout).findings).toContainEqual(
      expect.objectContaining({ kind: 'unreadable_images', severity: 'error', message: expect.stringMatching(/^1 image cannot be decoded \(b\/0003\.png: /) }),
    );
  }, 120_000);
});
