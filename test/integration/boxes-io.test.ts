import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationValue, Box } from '../../shared/labeling/types';
import { Core } from '../../electron/core/core';
import { readSchema } from '../../electron/core/labeling/schema-repo';
import { tempDir } from '../helpers';

let core: Core;
let dir: string;

beforeAll(() => {
  dir = tempDir('cairn-boxes-');
  core = new Core({ dataDir: path.join(dir, 'data'), transport: 'http' });
});
afterAll(() => core.close());

async function png(file: string, width: number, height: number, shade: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp({ create: { width, height, channels: 3, background: { r: shade, g: 255 - shade, b: (shade * 7) % 256 } } })
    .png()
    .toFile(file);
}

/** A COCO folder with odd category ids, a nested file name, an image without boxes and awkward floats. */
async function cocoFixture(root: string): Promise<Record<string, unknown>> {
  await png(path.join(root, 'images', 'a.png'), 64, 48, 10);
  await png(path.join(root, 'images', 'sub', 'b.png'), 100, 80, 90);
  await png(path.join(root, 'images', 'c.png'), 30, 30, 170);
  await png(path.join(root, 'd.png'), 57, 91, 250);
  const doc = {
    info: { description: 'fixture' },
    images: [
      { id: 10, file_name: 'a.png', width: 64, height: 48 },
      { id: 20, file_name: 'sub/b.png', width: 100, height: 80 },
      { id: 30, file_name: 'c.png', width: 30, height: 30 },
      { id: 40, file_name: 'd.png' },
    ],
    annotations: [
      { id: 1, image_id: 10, category_id: 7, bbox: [0.1 + 0.2, 10.123456789012345, 20.5, 30], iscrowd: 0 },
      { id: 2, image_id: 10, category_id: 3, bbox: [40, 0, 24, 48], iscrowd: 0 },
      { id: 3, image_id: 20, category_id: 3, bbox: [1 / 3, 2 / 3, 99 - 1 / 3, 79.33], iscrowd: 0 },
      { id: 4, image_id: 40, category_id: 9, bbox: [0, 0, 57, 91.004], iscrowd: 0 },
      { id: 5, image_id: 10, category_id: 7, bbox: [5, 5, 1e-3, 7e-4], iscrowd: 0 },
    ],
    categories: [
      { id: 7, name: 'dog', supercategory: 'animal' },
      { id: 3, name: 'cat', supercategory: 'animal' },
      { id: 9, name: 'bird', supercategory: 'animal' },
      { id: 12, name: 'fish', supercategory: 'animal' },
    ],
  };
  fs.writeFileSync(path.join(root, 'annotations.json'), JSON.stringify(doc, null, 2));
  return doc;
}

async function importDir(p: string, name: string) {
  return core.services.datasets.import({ path: p, name });
}

async function exportAs(name: string, format: 'coco' | 'yolo', out: string) {
  const ds = core.services.datasets.repo.findByName(name)!;
  const res = await core.dispatch('datasets.export', { id: ds.id, format, path: out });
  if (!res.ok) throw new Error(res.error.message);
  return res.value as { path: string; rows: number };
}

/** Each image's boxes by name, from the latest version. */
function boxesOf(name: string): Map<string, Box[]> {
  const ds = core.services.datasets.repo.findByName(name)!;
  return new Map(core.services.datasets.repo.items(ds.latest.id).map((i) => [i.name!, (JSON.parse(i.annotation!) as AnnotationValue).boxes!]));
}

function expectClose(actual: Map<string, Box[]>, expected: Map<string, Box[]>, tolerance: number): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [name, boxes] of expected) {
    const got = actual.get(name)!;
    expect(
      got.map((b) => b.label),
      name,
    ).toEqual(boxes.map((b) => b.label));
    boxes.forEach((b, i) => {
      for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(got[i][k] - b[k]), `${name} box ${i} ${k}`).toBeLessThanOrEqual(tolerance);
    });
  }
}

function withoutDate(file: string): unknown {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { info: Record<string, unknown> };
  delete doc.info.date_created;
  return doc;
}

function filesUnder(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(root, p), fs.readFileSync(p).toString('base64'));
    }
  };
  walk(root);
  return out;
}

describe('COCO and YOLO', () => {
  it('imports COCO: boxes in pixels, label set in category order, sizes from the files', async () => {
    const src = path.join(dir, 'coco-src');
    await cocoFixture(src);
    const ds = await importDir(src, 'pets');
    expect(ds.latest).toMatchObject({ kind: 'images', rows: 4, classes: ['dog', 'cat', 'bird', 'fish'], labelColumn: 'label' });
    expect(readSchema(core.services.db, ds.id)).toMatchObject({
      task: 'boxes',
      classes: [{ name: 'dog' }, { name: 'cat' }, { name: 'bird' }, { name: 'fish' }],
    });
    const items = core.services.datasets.repo.items(ds.latest.id);
    expect(items.map((i) => [i.name, i.width, i.height, i.label])).toEqual([
      ['a.png', 64, 48, null],
      ['sub/b.png', 100, 80, 'cat'],
      ['c.png', 30, 30, null],
      ['d.png', 57, 91, 'bird'],
    ]);
    expect(JSON.parse(items[0].annotation!)).toEqual({
      labels: ['dog', 'cat'],
      boxes: [
        { label: 'dog', x: 0.1 + 0.2, y: 10.123456789012345, w: 20.5, h: 30 },
        { label: 'cat', x: 40, y: 0, w: 24, h: 48 },
        { label: 'dog', x: 5, y: 5, w: 1e-3, h: 7e-4 },
      ],
    });
    expect(JSON.parse(items[2].annotation!)).toEqual({ labels: [], boxes: [] });
    // Importing the same folder again is the same version.
    expect((await importDir(src, 'pets')).latest.version).toBe(1);
  });

  it('exports COCO that imports and exports again to the same annotations.json and the same boxes', async () => {
    const out1 = path.join(dir, 'coco-1');
    expect(await exportAs('pets', 'coco', out1)).toEqual({ path: out1, rows: 4 });
    const doc = JSON.parse(fs.readFileSync(path.join(out1, 'annotations.json'), 'utf8'));
    expect(doc.categories).toEqual([
      { id: 1, name: 'dog', supercategory: 'dog' },
      { id: 2, name: 'cat', supercategory: 'cat' },
      { id: 3, name: 'bird', supercategory: 'bird' },
      { id: 4, name: 'fish', supercategory: 'fish' },
    ]);
    expect(doc.images).toEqual([
      { id: 1, file_name: 'a.png', width: 64, height: 48 },
      { id: 2, file_name: 'sub/b.png', width: 100, height: 80 },
      { id: 3, file_name: 'c.png', width: 30, height: 30 },
      { id: 4, file_name: 'd.png', width: 57, height: 91 },
    ]);
    expect(doc.annotations[0]).toEqual({ id: 1, image_id: 1, category_id: 1, bbox: [0.1 + 0.2, 10.123456789012345, 20.5, 30], area: 20.5 * 30, iscrowd: 0 });
    expect(doc.annotations.map((a: { image_id: number }) => a.image_id)).toEqual([1, 1, 1, 2, 4]);
    expect(fs.readFileSync(path.join(out1, 'images', 'sub', 'b.png'))).toEqual(fs.readFileSync(path.join(dir, 'coco-src', 'images', 'sub', 'b.png')));

    await importDir(out1, 'pets-again');
    const out2 = path.join(dir, 'coco-2');
    await exportAs('pets-again', 'coco', out2);
    expect(withoutDate(path.join(out2, 'annotations.json'))).toEqual(withoutDate(path.join(out1, 'annotations.json')));
    expect(boxesOf('pets-again')).toEqual(boxesOf('pets'));
  });

  it('exports YOLO in full precision that imports back within 1e-9 px and exports again identically', async () => {
    const out1 = path.join(dir, 'yolo-1');
    expect(await exportAs('pets', 'yolo', out1)).toEqual({ path: out1, rows: 4 });
    expect(fs.readFileSync(path.join(out1, 'classes.txt'), 'utf8')).toBe('dog\ncat\nbird\nfish\n');
    expect(fs.readFileSync(path.join(out1, 'data.yaml'), 'utf8')).toBe(
      `path: ${JSON.stringify(out1)}\ntrain: images\nval: images\nnc: 4\nnames:\n  - "dog"\n  - "cat"\n  - "bird"\n  - "fish"\n`,
    );
    expect(fs.readFileSync(path.join(out1, 'labels', 'sub', 'b.txt'), 'utf8')).toBe(
      `1 ${(1 / 3 + (99 - 1 / 3) / 2) / 100} ${(2 / 3 + 79.33 / 2) / 80} ${(99 - 1 / 3) / 100} ${79.33 / 80}\n`,
    );
    expect(fs.readFileSync(path.join(out1, 'labels', 'c.txt'), 'utf8')).toBe('');

    await importDir(out1, 'pets-yolo');
    expect(core.services.datasets.repo.findByName('pets-yolo')!.latest.classes).toEqual(['dog', 'cat', 'bird', 'fish']);
    expectClose(boxesOf('pets-yolo'), boxesOf('pets'), 1e-9);

    const out2 = path.join(dir, 'yolo-2');
    await exportAs('pets-yolo', 'yolo', out2);
    const [first, second] = [filesUnder(out1), filesUnder(out2)];
    first.delete('data.yaml');
    second.delete('data.yaml');
    expect(second).toEqual(first);
    const yaml = (p: string) => fs.readFileSync(path.join(p, 'data.yaml'), 'utf8').replace(/^path: .*\n/, '');
    expect(yaml(out2)).toBe(yaml(out1));
  });

  it('carries boxes across formats: COCO -> YOLO -> COCO', async () => {
    await importDir(path.join(dir, 'yolo-1'), 'pets-cross');
    const out = path.join(dir, 'cross-coco');
    await exportAs('pets-cross', 'coco', out);
    await importDir(out, 'pets-cross-coco');
    expectClose(boxesOf('pets-cross-coco'), boxesOf('pets'), 1e-9);
  });

  it('replaces an earlier export of the same format, and refuses any other non-empty folder', async () => {
    const out = path.join(dir, 'coco-1');
    await exportAs('pets', 'coco', out);
    expect(fs.readdirSync(out).sort()).toEqual(['annotations.json', 'images']);
    await expect(exportAs('pets', 'yolo', out)).rejects.toThrow(/not empty and not an earlier YOLO export/);
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'notes.txt'), 'keep me');
    await expect(exportAs('pets', 'coco', other)).rejects.toThrow(/not empty/);
    expect(fs.readdirSync(other)).toEqual(['notes.txt']);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.old'))).toEqual([]);
  });

  it('refuses COCO/YOLO for a dataset with class labels only', async () => {
    const folder = path.join(dir, 'by-class');
    await png(path.join(folder, 'cat', '1.png'), 8, 8, 1);
    await png(path.join(folder, 'dog', '1.png'), 8, 8, 200);
    await importDir(folder, 'by-class');
    await expect(exportAs('by-class', 'coco', path.join(dir, 'x'))).rejects.toThrow(
      'COCO export needs bounding boxes: by-class@1 has image-level class labels but no boxes',
    );
    await expect(exportAs('by-class', 'yolo', path.join(dir, 'x'))).rejects.toThrow(/YOLO export needs bounding boxes/);
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
  });

  it('keeps the items of images imported before under the same name, and a copy under another name apart', async () => {
    const before = core.services.datasets.repo.items(core.services.datasets.repo.findByName('by-class')!.latest.id);
    const root = tempDir('cairn-reuse-');
    fs.cpSync(path.join(dir, 'by-class'), path.join(root, 'images'), { recursive: true });
    fs.copyFileSync(path.join(root, 'images', 'cat', '1.png'), path.join(root, 'images', 'copy.png'));
    const doc = {
      images: ['cat/1.png', 'dog/1.png', 'copy.png'].map((file_name, i) => ({ id: i + 1, file_name, width: 8, height: 8 })),
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 3, 3] },
        { id: 2, image_id: 3, category_id: 2, bbox: [2, 2, 4, 4] },
      ],
      categories: [
        { id: 1, name: 'cat' },
        { id: 2, name: 'dog' },
      ],
    };
    fs.writeFileSync(path.join(root, 'annotations.json'), JSON.stringify(doc));
    const ds = await importDir(root, 'by-class');
    const after = core.services.datasets.repo.items(ds.latest.id);
    expect(after.map((i) => i.itemId).slice(0, 2)).toEqual(before.map((i) => i.itemId));
    expect(after.map((i) => i.name)).toEqual(['cat/1.png', 'dog/1.png', 'copy.png']);
    const out = path.join(dir, 'reuse-coco');
    await exportAs('by-class', 'coco', out);
    expect(fs.readFileSync(path.join(out, 'images', 'copy.png'))).toEqual(fs.readFileSync(path.join(out, 'images', 'cat', '1.png')));
    expect(boxesOf('by-class').get('copy.png')).toEqual([{ label: 'dog', x: 2, y: 2, w: 4, h: 4 }]);
  });

  describe('rejects a malformed folder with one message and keeps nothing', () => {
    const cases: [string, (root: string, doc: Record<string, any>) => void, RegExp][] = [
      ['an unknown category', (_, d) => (d.annotations[1].category_id = 99), /annotations\.json: annotation 2: category_id 99 is not among the categories/],
      ['an annotation of a missing image', (_, d) => (d.annotations[0].image_id = 11), /annotation 1: image_id 11 is not among the images/],
      [
        'a box outside its image',
        (_, d) => (d.annotations[3].bbox = [0, 0, 57, 91.02]),
        /annotation 4: box \[0, 0, 57, 91\.02\] reaches outside d\.png \(57 × 91\)/,
      ],
      ['a box without area', (_, d) => (d.annotations[1].bbox = [1, 1, 0, 5]), /annotation 2: a box needs a positive width and height/],
      ['a missing image file', (root) => fs.rmSync(path.join(root, 'images', 'c.png')), /1 image file\(s\) not found next to it or under images\/: c\.png/],
      ['a size that differs from the file', (_, d) => (d.images[1].width = 101), /sub\/b\.png: the file is 100 × 80 but annotations\.json says 101 × 80/],
      ['a file name leaving the folder', (_, d) => (d.images[2].file_name = '../c.png'), /leaves the folder/],
    ];
    for (const [what, spoil, message] of cases) {
      it(what, async () => {
        const root = tempDir('cairn-bad-coco-');
        const doc = await cocoFixture(root);
        spoil(root, doc);
        fs.writeFileSync(path.join(root, 'annotations.json'), JSON.stringify(doc));
        await expect(importDir(root, 'bad')).rejects.toThrow(message);
        expect(core.services.datasets.repo.findByName('bad')).toBeNull();
      });
    }

    it('malformed JSON, with its line', async () => {
      const root = tempDir('cairn-bad-json-');
      await cocoFixture(root);
      fs.writeFileSync(path.join(root, 'annotations.json'), '{\n  "images": [],\n  "annotations": [,]\n}');
      await expect(importDir(root, 'bad')).rejects.toThrow(/annotations\.json: line 3, column 19: not valid JSON/);
    });

    const yoloCases: [string, (root: string) => void, RegExp][] = [
      [
        'a line with too few fields',
        (r) => fs.writeFileSync(path.join(r, 'labels', 'a.txt'), '0 0.5 0.5 0.1 0.1\n\n1 0.5 0.5\n'),
        /labels\/a\.txt:3: expected "class cx cy w h", got 3 fields/,
      ],
      [
        'a class beyond the names',
        (r) => fs.writeFileSync(path.join(r, 'labels', 'a.txt'), '4 0.5 0.5 0.1 0.1\n'),
        /labels\/a\.txt:1: class 4 is not one of 0-3/,
      ],
      [
        'a box outside the image',
        (r) => fs.writeFileSync(path.join(r, 'labels', 'a.txt'), '0 0.9 0.5 0.3 0.1\n'),
        /labels\/a\.txt:1: box .* reaches outside a\.png/,
      ],
      ['a label file without its image', (r) => fs.writeFileSync(path.join(r, 'labels', 'zz.txt'), ''), /labels\/zz\.txt: no image for it under images\//],
      [
        'nc that disagrees with names',
        (r) => fs.writeFileSync(path.join(r, 'data.yaml'), 'nc: 3\nnames: [dog, cat, bird, fish]\n'),
        /data\.yaml: nc is 3 but names lists 4 classes/,
      ],
    ];
    for (const [what, spoil, message] of yoloCases) {
      it(`YOLO: ${what}`, async () => {
        const root = tempDir('cairn-bad-yolo-');
        fs.cpSync(path.join(dir, 'yolo-1'), root, { recursive: true });
        spoil(root);
        await expect(importDir(root, 'bad')).rejects.toThrow(message);
        expect(core.services.datasets.repo.findByName('bad')).toBeNull();
      });
    }

    it('accepts a box over the edge by float noise', async () => {
      const root = tempDir('cairn-slack-');
      const doc = await cocoFixture(root);
      (doc.annotations as { bbox: number[] }[])[1].bbox = [40, -0.004, 24.004, 48.008];
      fs.writeFileSync(path.join(root, 'annotations.json'), JSON.stringify(doc));
      const ds = await importDir(root, 'slack');
      expect(ds.latest.rows).toBe(4);
    });
  });

  it('reads YOLO from classes.txt alone, images without label files as no boxes', async () => {
    const root = tempDir('cairn-yolo-min-');
    await png(path.join(root, 'images', 'x.png'), 40, 20, 5);
    await png(path.join(root, 'images', 'y.png'), 10, 10, 99);
    fs.mkdirSync(path.join(root, 'labels'));
    fs.writeFileSync(path.join(root, 'labels', 'x.txt'), '1 0.5 0.5 0.5 0.5\r\n0 0.25 0.25 0.5 0.5\r\n');
    fs.writeFileSync(path.join(root, 'classes.txt'), 'car\ntruck\n');
    await importDir(root, 'traffic');
    expect(boxesOf('traffic')).toEqual(
      new Map([
        [
          'x.png',
          [
            { label: 'truck', x: 10, y: 5, w: 20, h: 10 },
            { label: 'car', x: 0, y: 0, w: 20, h: 10 },
          ],
        ],
        ['y.png', []],
      ]),
    );
  });
});
