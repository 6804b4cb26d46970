import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePipelineSpec } from '../../electron/core/pipelines/spec-file';
import { globRegExp } from '../../electron/core/pipelines/watched-files';
import { parseGate, type GateMetrics } from '../../shared/gates';
import { boundGate, checkRelativeGate, parseRelativeGate } from '../../shared/pipelines/gates';
import { pipelineJsonSchema } from '../../shared/pipelines/json-schema';
import { REPO_ROOT } from '../helpers';

const BASE = `
name: p
dataset: d
model: m
trigger: { kind: manual }
steps:
  - type: quality
  - type: train
    config: { epochs: 2 }
  - type: evaluate
    gates: { accuracy: 0.8 }
`;

function problem(yaml: string): string {
  try {
    parsePipelineSpec(yaml, 'spec.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the spec was accepted');
}

describe('pipeline spec', () => {
  it('reads the example and fills defaults', () => {
    const spec = parsePipelineSpec(fs.readFileSync(path.join(REPO_ROOT, 'examples/pipelines/retrain-iris.yaml'), 'utf8'), 'example');
    expect(spec.trigger).toEqual({ kind: 'watch', folder: '../../resources/samples', glob: 'iris.csv', pollSeconds: 5 });
    expect(spec.steps.map((s) => s.type)).toEqual(['import', 'quality', 'drift', 'train', 'evaluate', 'compare', 'register', 'promote', 'notify']);
    expect(spec.steps.find((s) => s.type === 'promote')).toMatchObject({ to: 'champion', margin: 0.01 });
    expect(spec.engine).toBe('auto');
  });

  it('names the field of the first problem in one line', () => {
    expect(problem(BASE.replace('accuracy: 0.8', 'accuracy: high'))).toBe('spec.yaml: steps[2].gates.accuracy: expected a number');
    expect(problem(BASE.replace('type: quality', 'type: qualty'))).toBe(
      'spec.yaml: steps[0].type: expected one of import, quality, drift, train, evaluate, compare, register, promote, export, notify',
    );
    expect(problem(BASE.replace('config: { epochs: 2 }', 'config: { epochs: 2, epoch: 3 }'))).toBe('spec.yaml: steps[1].config: unknown key "epoch"');
    expect(problem(BASE.replace('accuracy: 0.8', 'acuracy: 0.8'))).toMatch(
      /^spec\.yaml: steps\[2\]\.gates\.acuracy: gate "acuracy >= 0\.8": unknown metric "acuracy"/,
    );
    expect(problem(BASE.replace('{ kind: manual }', '{ kind: schedule, cron: "every day" }'))).toMatch(
      /^spec\.yaml: trigger\.cron: invalid configuration format/,
    );
    expect(problem(BASE.replace('{ kind: manual }', '{ kind: hourly }'))).toBe(
      'spec.yaml: trigger.kind: expected one of manual, watch, dataset, schedule, monitor',
    );
    expect(problem(BASE.replace('  - type: quality\n', '  - type: register\n'))).toBe('spec.yaml: steps[0].type: register needs a train step before it');
    expect(problem(BASE.replace('  - type: quality\n', '  - type: import\n'))).toBe(
      'spec.yaml: steps[0].type: import takes the file a watch or folder monitor trigger found; use one of those',
    );
    expect(problem(`${BASE}  - type: compare\n    require: ["accuracy >= champion + x"]\n`)).toBe(
      'spec.yaml: steps[3].require[0]: gate "accuracy >= champion + x": "x" after champion + is not a number',
    );
    expect(problem(`${BASE}  - type: quality\n`)).toBe('spec.yaml: steps[3].name: two steps are named "quality"; give one a name');
    expect(problem('name: p\n  bad: [')).toMatch(/^spec\.yaml: not valid YAML: /);
    expect(problem(BASE.replace('accuracy: 0.8', 'accuracy: x').replace('epochs: 2', 'epochs: -1'))).not.toMatch(/\n|;/);
  });

  it('reads a monitor trigger: a folder or a dataset, the events it fires on, values for value_drop', () => {
    const monitor = (t: string) => BASE.replace('{ kind: manual }', `{ kind: monitor, ${t} }`);
    expect(parsePipelineSpec(monitor('model: income@champion, folder: inbox'), 'spec.yaml').trigger).toEqual({
      kind: 'monitor',
      model: 'income@champion',
      folder: 'inbox',
      glob: '*.csv',
      on: ['sudden', 'gradual'],
      chunks: 10,
      shareThreshold: 0.5,
      pollSeconds: 5,
    });
    expect(
      parsePipelineSpec(monitor('model: income@2, dataset: adult, on: [value_drop, alert], values: { tp: 100, fp: -20, tn: 0, fn: -50 }'), 'spec.yaml').trigger,
    ).toMatchObject({ dataset: 'adult', on: ['value_drop', 'alert'] });
    expect(problem(monitor('model: income, folder: inbox'))).toBe('spec.yaml: trigger.model: expected name@alias, e.g. income@champion');
    expect(problem(monitor('model: income@champion'))).toBe('spec.yaml: trigger: a monitor trigger watches a folder or a dataset: give exactly one');
    expect(problem(monitor('model: income@champion, folder: inbox, dataset: adult'))).toBe(
      'spec.yaml: trigger: a monitor trigger watches a folder or a dataset: give exactly one',
    );
    expect(problem(monitor('model: income@champion, folder: inbox, on: [value_drop]'))).toBe(
      'spec.yaml: trigger.on: value_drop needs values: { tp, fp, tn, fn } to value the outcomes',
    );
    expect(problem(monitor('model: income@champion, folder: inbox, on: [spike]'))).toMatch(/^spec\.yaml: trigger\.on\[0\]: /);
    expect(problem(monitor('model: income@champion, dataset: adult').replace('  - type: quality\n', '  - type: import\n'))).toBe(
      'spec.yaml: steps[0].type: import takes the file a watch or folder monitor trigger found; use one of those',
    );
  });

  it('publishes the current JSON Schema (regenerate: npm run build:node && node scripts/pipeline-schema.js)', () => {
    const file = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'resources/schemas/pipeline.schema.json'), 'utf8')) as unknown;
    expect(file).toEqual(pipelineJsonSchema());
  });
});

describe('pipeline gates', () => {
  const metrics = (accuracy: number, dpd: number): GateMetrics => ({
    scalars: { accuracy },
    perClass: {},
    positiveClass: null,
    fairness: { sex: { demographic_parity_difference: { between_groups: dpd, to_overall: dpd / 2 } } },
  });

  it('bounds a metric in the direction that is better', () => {
    expect(boundGate('accuracy', 0.8).expression).toBe('accuracy >= 0.8');
    expect(boundGate('log_loss', 0.5).expression).toBe('log_loss <= 0.5');
    expect(boundGate('demographic_parity_difference[sex]', 0.1).expression).toBe('demographic_parity_difference[sex] <= 0.1');
    expect(boundGate('demographic_parity_ratio[sex]', 0.8).expression).toBe('demographic_parity_ratio[sex] >= 0.8');
  });

  it('bounds the challenger by the champion plus an offset', () => {
    const g = parseRelativeGate('demographic_parity_difference[sex] <= champion + 0.02');
    expect(g.championOffset).toBe(0.02);
    expect(checkRelativeGate(g, metrics(0.8, 0.13), metrics(0.8, 0.12))).toMatchObject({
      passed: true,
      value: 0.13,
      threshold: 0.12 + 0.02,
      championValue: 0.12,
    });
    expect(checkRelativeGate(g, metrics(0.8, 0.15), metrics(0.8, 0.12))).toMatchObject({ passed: false, value: 0.15, championValue: 0.12 });
    expect(checkRelativeGate(parseRelativeGate('accuracy >= champion - 0.01'), metrics(0.795, 0), metrics(0.8, 0))).toMatchObject({
      passed: true,
      championValue: 0.8,
    });
    expect(checkRelativeGate(g, metrics(0.8, 0.1), null)).toMatchObject({ passed: false, reason: 'there is no champion to compare with' });
    const absolute = parseRelativeGate('accuracy >= 0.9');
    expect(absolute).toEqual({ expression: 'accuracy >= 0.9', gate: parseGate('accuracy >= 0.9'), championOffset: null });
  });

  it('matches watched file names with a glob', () => {
    const re = globRegExp('month-??.csv');
    expect(['month-01.csv', 'month-1.csv', 'month-01.csv.tmp', 'xmonth-01.csv'].filter((n) => re.test(n))).toEqual(['month-01.csv']);
    expect(globRegExp('*.csv').test('a.b.csv')).toBe(true);
    expect(globRegExp('[ab]*.csv').test('c.csv')).toBe(false);
  });
});
