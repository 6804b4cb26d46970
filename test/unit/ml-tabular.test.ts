import { describe, expect, it } from 'vitest';
import { fitTabular, transformTabular, type TabularCell } from '../../shared/ml';

const columns = [
  { name: 'age', type: 'numeric' },
  { name: 'color', type: 'categorical' },
  { name: 'note', type: 'text' },
];

describe('fitTabular / transformTabular', () => {
  const train: TabularCell[][] = [
    [10, 'red', 'a'],
    [20, 'blue', 'b'],
    [30, 'red', 'c'],
    [null, 'green', 'd'],
  ];

  it('standardizes numeric columns with statistics of the rows it was fitted on only', () => {
    const spec = fitTabular(columns, train);
    const age = spec.features[0];
    expect(age).toMatchObject({ kind: 'numeric', name: 'age', index: 0 });
    if (age.kind !== 'numeric') throw new Error('expected numeric');
    expect(age.mean).toBeCloseTo(20, 10);
    expect(age.std).toBeCloseTo(Math.sqrt(200 / 3), 10);

    // Values never seen at fit time are transformed with the train statistics, not refitted.
    const out = transformTabular(spec, [[1000, 'red', 'x']]);
    expect(out[0]).toBeCloseTo((1000 - 20) / Math.sqrt(200 / 3), 4);
  });

  it('one-hot encodes categories seen in train (sorted) and maps unknown or missing to zeros', () => {
    const spec = fitTabular(columns, train);
    const color = spec.features[1];
    expect(color).toEqual({ kind: 'categorical', name: 'color', index: 1, categories: ['blue', 'green', 'red'] });
    expect(spec.width).toBe(4);
    const out = transformTabular(spec, [
      [20, 'red', ''],
      [20, 'purple', ''],
      [20, null, ''],
      [20, ' blue ', ''],
    ]);
    expect(Array.from(out.slice(1, 4))).toEqual([0, 0, 1]);
    expect(Array.from(out.slice(5, 8))).toEqual([0, 0, 0]);
    expect(Array.from(out.slice(9, 12))).toEqual([0, 0, 0]);
    expect(Array.from(out.slice(13, 16))).toEqual([1, 0, 0]);
  });

  it('fills missing numeric values with the train mean (0 after standardizing) and parses numeric strings', () => {
    const spec = fitTabular(columns, train);
    const out = transformTabular(spec, [
      [null, 'red', ''],
      ['', 'red', ''],
      ['not a number', 'red', ''],
      ['30', 'red', ''],
    ]);
    expect(out[0]).toBe(0);
    expect(out[4]).toBe(0);
    expect(out[8]).toBe(0);
    expect(out[12]).toBeCloseTo(10 / Math.sqrt(200 / 3), 5);
  });

  it('ignores text columns and keeps a constant column finite', () => {
    const spec = fitTabular(
      [
        { name: 'k', type: 'numeric' },
        { name: 'note', type: 'text' },
      ],
      [
        [5, 'x'],
        [5, 'y'],
      ],
    );
    expect(spec.ignored).toEqual(['note']);
    expect(spec.width).toBe(1);
    expect(
      Array.from(
        transformTabular(spec, [
          [5, 'z'],
          [7, 'z'],
        ]),
      ),
    ).toEqual([0, 2]);
  });

  it('round-trips through JSON, as the core stores it', () => {
    const spec = fitTabular(columns, train);
    const again = JSON.parse(JSON.stringify(spec));
    expect(transformTabular(again, train)).toEqual(transformTabular(spec, train));
  });
});
