import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../shared/domain';

import { canonicalNumber, toCell } from '../../electron/core/datasets/column-types';
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
      const x = canonicalNumber(s);
      if (Number.isNaN(x)) continue;
      copied++;
      // Printed back as written, and the same double Number() reads.
      if (JSON.stringify(Number(s)) !== s || !Object.is(x, Number(s))) wrong.push(s);
    }
    expect(wrong).toEqual([]);
    // Not vacuous: thousands of the strings are numbers it copies.
    expect(copied).toBeGreaterThan(5_000);
    const read = ['0', '7', '-3', '12.345', '0.5', '-0.000001', '0.000001', '123456789012345', '99.9', '0.1', '0.3', '9007199.25474099', '-98765.4321'];
    expect(read.filter((s) => !Object.is(canonicalNumber(s), Number(s)))).toEqual([]);
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
    expect(printed.filter((s) => !Number.isNaN(canonicalNumber(s)))).toEqual([]);
  });

  it('reads the same double as Number() for random decimals of up to 15 digits, wherever the point falls', () => {
    const r = seedrandom('canonical');
    const wrong: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const digits = 1 + Math.floor(r() * 15);
      let text = String(1 + Math.floor(r() * 9));
      for (let d = 1; d < digits; d++) text += String(Math.floor(r() * 10));
      const point = Math.floor(r() * (digits + 6)) - 5;
      if (point <= 0) text = `0.${'0'.repeat(-point)}${text}`;
      else if (point < digits) text = `${text.slice(0, point)}.${text.slice(point)}`;
      if (r() < 0.5) text = `-${text}`;
      const x = canonicalNumber(text);
      // Copied only when printed back as written; then it must be Number()'s double.
      if (JSON.stringify(Number(text)) === text ? !Object.is(x, Number(text)) : !Number.isNaN(x)) wrong.push(text);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
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
