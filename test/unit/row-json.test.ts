import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../shared/domain';

import { isCanonicalNumber, toCell } from '../../electron/core/datasets/column-types';
import { rowJson } from '../../electron/core/datasets/row-json';

/** Every string over `alphabet` up to `length` characters. */
function* strings(alphabet: string, length: number, prefix = ''): Generator<string> {
  if (prefix) yield prefix;
  if (length === 0) return;
  for (const ch of alphabet) yield* strings(alphabet, length - 1, prefix + ch);
}

describe('stored row JSON', () => {
  it('copies a number as written only when JavaScript prints it back the same (every string of -0.19e up to 7 characters)', () => {
    const wrong: string[] = [];
    let copied = 0;
    for (const s of strings('-0.19e', 7)) {
      if (!isCanonicalNumber(s)) continue;
      copied++;
      if (JSON.stringify(Number(s)) !== s) wrong.push(s);
    }
    expect(wrong).toEqual([]);
    // Not vacuous: thousands of the strings are numbers it copies.
    expect(copied).toBeGreaterThan(5_000);
    expect(['0', '7', '-3', '12.345', '0.5', '-0.000001', '123456789012345', '99.9'].filter((s) => !isCanonicalNumber(s))).toEqual([]);
  });

  it('prints the numbers it does not copy: exponents, padding, signs, trailing zeros, too many digits, too small', () => {
    const printed = [
      '-0',
      '007',
      '1.50',
      '1.',
      '.5',
      '+1',
      ' 3',
      '1e5',
      '0.0000001',
      '1234567890123456',
      '0.1234567890123456',
      '12345678.123456789',
      '0x1F',
      '',
      '-',
    ];
    expect(printed.filter((s) => isCanonicalNumber(s))).toEqual([]);
  });

  it('is JSON.stringify of the stored cells for random rows of numbers, text, missing values and quotes', () => {
    const r = seedrandom('row-json');
    const numbers = () => {
      const forms = [
        () => (r() * 1000 - 500).toFixed(Math.floor(r() * 5)),
        () => String(Math.floor(r() * 1e6)),
        () => (r() * 1e-5).toPrecision(3),
        () => ` ${(r() * 10).toFixed(2)} `,
        () => (r() * 1e20).toExponential(4),
        () => ['NA', '', 'nan', '-0', '0.0', '1e21', '123456789012345678'][Math.floor(r() * 7)],
      ];
      return forms[Math.floor(r() * forms.length)]();
    };
    const texts = () => ['red', ' padded ', 'say "hi"', 'back\\slash', 'tab\tin', 'ünï', '', 'NULL', '12'][Math.floor(r() * 9)];
    const types: ColumnType[] = ['numeric', 'categorical', 'numeric', 'text', 'numeric'];
    const columns = [0, 1, 2, 3, 4];
    const mismatched: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const cells = types.map((t) => (r() < 0.05 ? undefined : t === 'numeric' ? numbers() : texts()));
      const expected = JSON.stringify(columns.map((c) => toCell(cells[c], types[c])));
      if (rowJson(cells, columns, types) !== expected) mismatched.push(JSON.stringify(cells));
    }
    expect(mismatched.slice(0, 5)).toEqual([]);
  });
});
