import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn, tempDir } from '../helpers';

let dir: string;
const cairn = cliOn(() => path.join(dir, 'data'), 60_000);

beforeAll(async () => {
  dir = tempDir('cairn-boxes-cli-');
  const src = path.join(dir, 'src');
  fs.mkdirSync(path.join(src, 'images'), { recursive: true });
  await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
    .png()
    .toFile(path.join(src, 'images', 'one.png'));
  await sharp({ create: { width: 25, height: 50, channels: 3, background: '#993366' } })
    .png()
    .toFile(path.join(src, 'images', 'two.png'));
  fs.writeFileSync(
    path.join(src, 'instances.json'),
    JSON.stringify({
      images: [
        { id: 1, file_name: 'one.png', width: 40, height: 30 },
        { id: 2, file_name: 'two.png', width: 25, height: 50 },
      ],
      annotations: [
        { id: 1, image_id: 1, category_id: 2, bbox: [1.25, 2.5, 10.1, 20.2], iscrowd: 0 },
        { id: 2, image_id: 2, category_id: 1, bbox: [0, 0, 25, 50], iscrowd: 0 },
        { id: 3, image_id: 2, category_id: 2, bbox: [3, 4, 5, 6], iscrowd: 0 },
      ],
      categories: [
        { id: 1, name: 'person' },
        { id: 2, name: 'bike' },
      ],
    }),
  );
});

describe('cairn datasets import/export with boxes', () => {
  it('detects COCO, and a COCO export imports and exports again to the same annotations', () => {
    const imported = cairn(['datasets', 'import', path.join(dir, 'src'), '--name', 'street']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('Detected COCO (instances.json)\nImported street@1: 2 images with boxes, 2 classes\n');

    const out1 = path.join(dir, 'out1');
    const exported = cairn(['datasets', 'export', 'street', '--format', 'coco', '--out', out1]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toBe(`Wrote 2 images with their boxes as COCO to ${out1}\n`);

    const back = cairn(['datasets', 'import', out1, '--name', 'street-back', '--json']);
    expect(back.code, back.stderr).toBe(0);
    expect(back.json()).toMatchObject({ name: 'street-back', rows: 2, kind: 'images', classes: ['person', 'bike'], format: 'coco' });

    const out2 = path.join(dir, 'out2');
    expect(cairn(['datasets', 'export', 'street-back', '--format', 'coco', '--out', out2]).code).toBe(0);
    const read = (p: string) => {
      const doc = JSON.parse(fs.readFileSync(path.join(p, 'annotations.json'), 'utf8'));
      delete doc.info.date_created;
      return doc;
    };
    expect(read(out2)).toEqual(read(out1));
    expect(read(out1).annotations.map((a: { bbox: number[] }) => a.bbox)).toEqual([
      [1.25, 2.5, 10.1, 20.2],
      [0, 0, 25, 50],
      [3, 4, 5, 6],
    ]);
  });

  it('detects YOLO, and says what is wrong with a bad folder', () => {
    const out = path.join(dir, 'yolo');
    expect(cairn(['datasets', 'export', 'street', '--format', 'yolo', '--out', out]).code).toBe(0);
    const imported = cairn(['datasets', 'import', out, '--name', 'street-yolo']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^Detected YOLO \(images\/, labels\/, data\.yaml\)\n/);

    fs.writeFileSync(path.join(out, 'labels', 'two.txt'), '0 0.5 0.5 1 1\n7 0.5 0.5 0.1 0.1\n');
    const bad = cairn(['datasets', 'import', out, '--name', 'street-bad']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/labels\/two\.txt:2: class 7 is not one of 0-1/);
    expect(
      cairn(['datasets', 'list', '--json'])
        .json()
        .map((d: { name: string }) => d.name),
    ).not.toContain('street-bad');
  });
});
