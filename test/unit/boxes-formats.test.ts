import { describe, expect, it } from 'vitest';
import { readDataYaml, writeDataYaml } from '../../electron/core/datasets/boxes/data-yaml';
import { safeName } from '../../electron/core/datasets/boxes/box-set';
import { jsonErrorPosition } from '../../electron/core/datasets/boxes/json-position';
import { fromYolo, toYolo } from '../../electron/core/datasets/boxes/yolo-coords';
import { rng as seeded } from '../rng';

describe('YOLO coordinates', () => {
  it('bring pixel boxes back within 1e-9 px, and the YOLO numbers back exactly', () => {
    const next = seeded(7);
    // Full 53-bit mantissas: values with few bits would survive any arithmetic exactly.
    const rng = () => (next() + next() * 2 ** -32) / 1.0000001;
    for (let i = 0; i < 20_000; i++) {
      const width = 1 + Math.floor(rng() * 5000);
      const height = 1 + Math.floor(rng() * 5000);
      const w = rng() * width || 1;
      const h = rng() * height || 1;
      const box = { label: 'a', x: rng() * (width - w), y: rng() * (height - h), w, h };
      const yolo = toYolo(box, width, height);
      const back = fromYolo('a', ...yolo, width, height);
      for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(back[k] - box[k])).toBeLessThan(1e-9);
      expect(toYolo(back, width, height)).toEqual(yolo);
    }
  });

  it('reads numbers another tool rounded to six digits', () => {
    const b = fromYolo('cat', 0.5, 0.25, 0.1, 0.2, 640, 480);
    expect(b.x).toBeCloseTo(288, 9);
    expect(b.y).toBeCloseTo(72, 9);
    expect(b.w).toBeCloseTo(64, 9);
    expect(b.h).toBeCloseTo(96, 9);
  });
});

describe('data.yaml', () => {
  it('reads the forms YOLO tools write', () => {
    expect(readDataYaml('path: ../x\nnc: 2\nnames: [cat, "dog: big"] # two\n', 'd').names).toEqual(['cat', 'dog: big']);
    expect(readDataYaml("names:\n  0: person\n  1: 'it''s'\ntrain: images\n", 'd').names).toEqual(['person', "it's"]);
    expect(readDataYaml('names: {1: b, 0: a}\n', 'd').names).toEqual(['a', 'b']);
    expect(readDataYaml('names:\n- a\n- b # note\n\nval: images\n', 'd')).toEqual({ names: ['a', 'b'], nc: null });
    expect(readDataYaml('train: images\n', 'd').names).toBeNull();
  });

  it('reads back what Cairn writes, whatever the names hold', () => {
    const classes = ['plain', 'with: colon', '# hash', 'quote " and \\ backslash', 'ünï', "'single'", '123', 'true'];
    const text = writeDataYaml('/tmp/out', classes);
    expect(readDataYaml(text, 'data.yaml')).toEqual({ names: classes, nc: classes.length });
    expect(text).toContain('train: images\n');
  });

  it('says which line is wrong', () => {
    expect(() => readDataYaml('nc: two\n', 'data.yaml')).toThrow('data.yaml: line 1: nc must be a whole number');
    expect(() => readDataYaml('names:\n  0: a\n  2: c\n', 'data.yaml')).toThrow(/without gaps/);
  });
});

describe('image names', () => {
  it('keep sub-folders and refuse paths that leave the folder', () => {
    expect(safeName('sub\\a.png')).toBe('sub/a.png');
    expect(safeName('./a/./b.png')).toBe('a/b.png');
    expect(safeName('../a.png')).toBeNull();
    expect(safeName('/etc/a.png')).toBeNull();
    expect(safeName('C:/a.png')).toBeNull();
  });
});

describe('JSON error position', () => {
  it('finds the line and column where parsing stops', () => {
    const good = JSON.stringify({ a: [1, -2.5e3, 'x\u00e9\n', true, null, {}], b: {} }, null, 2);
    expect(jsonErrorPosition(good)).toBeNull();
    expect(jsonErrorPosition('{\n  "a": [1,\n    2,,\n  ]\n}')).toEqual({ line: 3, column: 7 });
    expect(jsonErrorPosition('{"a": "bad \\q escape"}')).toEqual({ line: 1, column: 12 });
    expect(jsonErrorPosition('{"a": 1}\n{"b": 2}')).toEqual({ line: 2, column: 1 });
    expect(jsonErrorPosition('{"a": [1, 2')).toEqual({ line: 1, column: 12 });
    expect(jsonErrorPosition('[01]')).toEqual({ line: 1, column: 3 });
  });
});
