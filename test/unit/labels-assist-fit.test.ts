import { describe, expect, it } from 'vitest';
import type { AssistRun } from '../../shared/api/calls/labeling-assist';
import type { DatasetVersionInfo, RunDetail } from '../../shared/domain';
import type { LabelSchema } from '../../shared/labeling/types';
import { imageSpec } from '../../shared/ml/image';
import { trainConfigSchema } from '../../shared/training/config';
import { orderAssistRuns, runFit } from '../../electron/core/labeling/assist-fit';

const IRIS_COLUMNS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

function run(over: Partial<RunDetail> = {}): RunDetail {
  return {
    id: 'r1',
    name: 'iris-mlp',
    experimentId: 1,
    experimentName: 'Default',
    status: 'finished',
    modelType: 'mlp',
    engine: 'wasm',
    device: 'cpu',
    seed: 7,
    params: {},
    tags: {},
    starred: false,
    archived: false,
    datasetName: 'iris',
    datasetVersion: 1,
    createdAt: 1,
    startedAt: 1,
    endedAt: 2,
    metrics: {},
    progress: null,
    origin: null,
    notes: '',
    error: null,
    config: trainConfigSchema.parse({ seed: 7, epochs: 30, mlp: { hiddenUnits: [16] } }),
    datasetVersionId: 1,
    checkpointEpoch: null,
    artifacts: [],
    preprocessing: { kind: 'tabular', width: 4, ignored: [], features: IRIS_COLUMNS.map((name, index) => ({ kind: 'numeric', name, index, mean: 0, std: 1 })) },
    engineInfo: null,
    classes: ['setosa', 'versicolor', 'virginica'],
    environment: null,
    sweepId: null,
    inputs: [],
    ...over,
  };
}

function version(kind: 'tabular' | 'images', columns: string[]): DatasetVersionInfo {
  return {
    id: 2,
    datasetId: 2,
    version: 1,
    hash: 'h',
    kind,
    rows: 10,
    columns: [...columns, 'label'].map((name) => ({ name, type: 'numeric', missing: 0, distinct: 3 })),
    labelColumn: 'label',
    classes: [],
    source: '',
    createdAt: 0,
  };
}

const schema = (names: string[], task: LabelSchema['task'] = 'single'): LabelSchema => ({
  datasetId: 2,
  task,
  classes: names.map((name, i) => ({ name, hotkey: String(i), color: '#000' })),
});
const DIGITS = schema([...'0123456789']);

describe('whether a run can assist with a dataset', () => {
  it('refuses an iris run on digit images for its inputs and its classes, never offering to change the label set', () => {
    const fit = runFit(run(), version('images', ['image']), 'digits@1', DIGITS);
    expect(fit.eligible).toBe(false);
    expect(fit.reason).toBe(
      'it takes table rows (4 columns), digits@1 holds images; it predicts "setosa", "versicolor", "virginica", not in the label set of digits@1 (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)',
    );
    expect(fit.reason).not.toMatch(/label set to|replace/);
  });

  it('refuses a table that lacks columns the run was trained on, naming them', () => {
    const fit = runFit(run(), version('tabular', ['sepal_length', 'petal_length']), 'flowers@3', schema(['setosa', 'versicolor', 'virginica']));
    expect(fit).toMatchObject({ eligible: false, reason: 'it was trained on 4 columns and flowers@3 lacks columns "sepal_width", "petal_width"' });
  });

  it('takes a run whose classes are a subset of the label set, on the same columns plus others', () => {
    const fit = runFit(
      run({ classes: ['setosa', 'virginica'] }),
      version('tabular', [...IRIS_COLUMNS, 'site']),
      'iris@2',
      schema(['setosa', 'versicolor', 'virginica']),
    );
    expect(fit).toEqual({ eligible: true, reason: null, reuses: expect.stringContaining('model mlp') });
    // What find-errors and retrain take from the run: model, hyperparameters, seed.
    expect(fit.reuses).toBe(
      'model mlp, optimizer adam, learningRate 0.001, batchSize 32, epochs 30, validationSplit 0.2, seed 7, hiddenUnits 16, activation relu, dropout 0',
    );
  });

  it('takes a CNN on any image folder (images are resized to its input) and refuses it on table rows', () => {
    const cnn = run({ modelType: 'cnn', config: trainConfigSchema.parse({ model: 'cnn' }), preprocessing: imageSpec(32, 1), classes: ['0', '1', '7'] });
    expect(runFit(cnn, version('images', ['image']), 'digits@1', DIGITS).eligible).toBe(true);
    expect(runFit(cnn, version('tabular', IRIS_COLUMNS), 'iris@1', DIGITS).reason).toBe('it takes images, iris@1 holds table rows');
  });

  it('refuses unfinished runs, runs Cairn did not train, and box label sets', () => {
    expect(
      runFit(run({ status: 'running', preprocessing: null }), version('tabular', IRIS_COLUMNS), 'iris@1', schema(['setosa', 'versicolor', 'virginica'])).reason,
    ).toBe('it is running, not finished');
    expect(runFit(run({ datasetVersionId: null }), version('tabular', IRIS_COLUMNS), 'iris@1', schema(['setosa', 'versicolor', 'virginica'])).reason).toMatch(
      /^it was not trained by Cairn/,
    );
    expect(runFit(run(), version('tabular', IRIS_COLUMNS), 'iris@1', schema(['setosa', 'versicolor', 'virginica'], 'boxes')).reason).toBe(
      'iris@1 is labeled with boxes, and a classifier predicts classes',
    );
  });

  it('lists runs that fit first, then this dataset’s, then newest first', () => {
    const entry = (id: string, eligible: boolean, datasetName: string | null, createdAt: number): AssistRun => ({
      run: { ...run(), id, datasetName, createdAt },
      eligible,
      reason: eligible ? null : 'no',
      reuses: '',
    });
    const runs = [
      entry('a', true, 'iris', 1),
      entry('b', false, 'wine', 5),
      entry('c', true, 'wine', 2),
      entry('d', true, 'wine', 3),
      entry('e', true, null, 9),
      entry('f', false, 'iris', 10),
    ];
    expect(orderAssistRuns(runs, 'wine').map((r) => r.run.id)).toEqual(['d', 'c', 'e', 'a', 'b', 'f']);
  });
});
