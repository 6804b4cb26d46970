import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn, dataset, tempDir } from '../helpers';

// `cairn runs list --filter` as a user meets it: a key no run has warns on stderr with the key
// meant, and a hostile filter is one line and a non-zero exit, never a stack or an SQLite error.

let dir: string;
const cairn = cliOn(() => dir, 170_000);

beforeAll(() => {
  dir = tempDir('cairn-filter-cli-');
  expect(cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']).code).toBe(0);
  const trained = cairn(['train', '--dataset', 'iris', '--epochs', '2', '--lr', '0.005', '--engine', 'cpu', '--experiment', 'f']);
  expect(trained.code, trained.stderr).toBe(0);
});

describe('cairn runs list --filter', () => {
  it('warns about filter and sort keys no run has, naming the key meant, and still exits 0', () => {
    for (const [filter, hint] of [
      ['params.lr < 0.01', 'warning: No run here has params.lr; did you mean params.learningRate?'],
      ['metrics.val_acc > 0.9', 'warning: No run here has metrics.val_acc; did you mean metrics.val_accuracy?'],
    ]) {
      const r = cairn(['runs', 'list', '--filter', filter, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([]);
      expect(r.stderr.trim()).toBe(hint);
    }
    const inExperiment = cairn(['runs', 'list', '--experiment', 'f', '--filter', 'params.hidden_units = "64-32"']);
    expect(inExperiment.stderr.trim()).toBe('warning: No run in this experiment has params.hidden_units; did you mean params.hiddenUnits?');
    const sorted = cairn(['runs', 'list', '--sort', 'metrics.val_acc:asc', '--json']);
    expect(sorted.code).toBe(0);
    expect(JSON.parse(sorted.stdout)).toHaveLength(1);
    expect(sorted.stderr.trim()).toBe('warning: No run here has metrics.val_acc; did you mean metrics.val_accuracy?');
    const right = cairn(['runs', 'list', '--filter', 'params.learningRate < 0.01 and metrics.val_accuracy >= 0', '--json']);
    expect(right.stderr).toBe('');
    expect(JSON.parse(right.stdout)).toHaveLength(1);
  });

  it('refuses hostile filters with one line and a non-zero exit', () => {
    const cases: [string, RegExp][] = [
      ['('.repeat(3000) + 'status = x' + ')'.repeat(3000), /^cairn: Filter: The filter is nested deeper than 32 levels/],
      ['not '.repeat(2000) + 'status = x', /^cairn: Filter: The filter is nested deeper than 32 levels/],
      ['not '.repeat(10000) + 'status = x', /^cairn: filter: .*10000 characters/],
      ['metrics.val_loss < NaN', /^cairn: Filter: NaN is not a value a filter can compare with/],
      ['metrics.val_loss < Infinity', /^cairn: Filter: Infinity is not a value/],
      ['metrics.val_loss < 1e400', /^cairn: Filter: 1e400 is too large/],
      ['metrics.val_loss < "low"', /^cairn: Filter: metrics.val_loss is a number; "low" is not one$/],
      [`name = "${'x'.repeat(5000)}`, /^cairn: Filter: Unterminated string at position 8$/],
    ];
    for (const [filter, message] of cases) {
      const r = cairn(['runs', 'list', '--filter', filter]);
      expect(r.code, filter.slice(0, 30)).not.toBe(0);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, filter.slice(0, 30)).toHaveLength(1);
      expect(lines[0], filter.slice(0, 30)).toMatch(message);
    }
  });
});
