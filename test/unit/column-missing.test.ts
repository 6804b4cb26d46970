import { describe, expect, it } from 'vitest';
import { isMissing } from '../../electron/core/datasets/column-types';

describe('missing cells', () => {
  it("reads pandas' NA strings as missing however they are padded, and values sharing their first character as present", () => {
    const missing = ['', '  ', 'NA', ' NA', 'NA\t', '\u00a0NA', '\u3000null', '\uFEFFnan', '1.#IND', '-1.#QNAN', '#N/A N/A', '<NA>', 'None', 'n/a'];
    const present = ['12', '1.5', '-5', '#x', 'Nope', 'nah', '<b>', 'red', '0', 'NAN', 'na', '\u00a0value'];
    expect(missing.filter((v) => !isMissing(v))).toEqual([]);
    expect(present.filter((v) => isMissing(v))).toEqual([]);
    expect(isMissing(undefined)).toBe(true);
  });
});
