import { describe, expect, it } from 'vitest';
import {
  exportTarget,
  findingTitle,
  formatCoefficient,
  formatShare,
  formatStat,
  histogramLabels,
  plural,
  previewPositions,
} from '../../renderer/src/features/datasets/datasetFormat';
import { positionsQueueHref, queueHref } from '../../renderer/src/features/datasets/datasetLinks';
import { foldProgress, runChoiceLabel } from '../../renderer/src/features/datasets/modelAssist';
import { parseRoute } from '../../renderer/src/lib/route';
import type { RunSummary } from '../../shared/domain';

describe('dataset page formatting', () => {
  it('shows shares as percentages and missing values as a dash', () => {
    expect(formatShare(0.125)).toBe('12.5%');
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(1 / 3, 2)).toBe('33.33%');
    expect(formatShare(null)).toBe('—');
    expect(formatShare(Number.NaN)).toBe('—');
  });

  it('keeps whole numbers, trims float noise and uses exponents for extremes', () => {
    expect(formatStat(150)).toBe('150');
    expect(formatStat(6.300000000000001)).toBe('6.3');
    expect(formatStat(5.843333333333335)).toBe('5.843');
    expect(formatStat(0.00001234)).toBe('1.23e-5');
    expect(formatStat(12_345_678.5)).toBe('1.23e+7');
    expect(formatStat(undefined)).toBe('—');
    expect(formatStat(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('gives coefficients three decimals, null as a dash', () => {
    expect(formatCoefficient(6 / 11)).toBe('0.545');
    expect(formatCoefficient(-0.2)).toBe('-0.200');
    expect(formatCoefficient(null)).toBe('—');
  });

  it('labels histogram bins by their edges', () => {
    expect(histogramLabels([4.3, 4.7, 5.1000000000000005])).toEqual(['4.3–4.7', '4.7–5.1']);
    expect(histogramLabels([1])).toEqual([]);
    expect(histogramLabels([])).toEqual([]);
  });

  it('titles known finding kinds and readable fallbacks for new ones', () => {
    expect(findingTitle('conflicting_labels')).toBe('Duplicates with conflicting labels');
    expect(findingTitle('label_errors')).toBe('Likely label errors');
    expect(findingTitle('schema_drift-check')).toBe('Schema drift check');
    expect(findingTitle('')).toBe('Finding');
  });

  it('previews the first positions and counts the rest, tolerating absent rows', () => {
    expect(previewPositions([1, 2, 3, 4], 2)).toEqual({ shown: [1, 2], more: 2 });
    expect(previewPositions([1], 5)).toEqual({ shown: [1], more: 0 });
    expect(previewPositions(undefined, 5)).toEqual({ shown: [], more: 0 });
    expect(previewPositions(null, 5)).toEqual({ shown: [], more: 0 });
  });

  it('pluralizes counts', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(1500, 'row')).toBe(`${(1500).toLocaleString()} rows`);
    expect(plural(2, 'class', 'classes')).toBe('2 classes');
  });

  it('suggests a file for row formats and a folder for COCO/YOLO in the picked folder', () => {
    expect(exportTarget('/home/me/out', 'iris', 2, 'csv')).toBe('/home/me/out/iris-v2.csv');
    expect(exportTarget('/home/me/out/', 'my data', 1, 'jsonl')).toBe('/home/me/out/my_data-v1.jsonl');
    expect(exportTarget('C:\\exports', 'digits', 3, 'coco')).toBe('C:\\exports\\digits-v3-coco');
  });
});

describe('dataset page links into the labeling workspace', () => {
  it('opens a finding’s positions as a positions queue the workspace route reads back', () => {
    const href = positionsQueueHref(4, [7, 2, 7, 9]);
    expect(href).toBe('#/datasets/4/label?positions=7,2,9');
    expect(parseRoute(href!)).toEqual({ name: 'labeling', datasetId: 4, queue: 'positions', value: null, positions: [7, 2, 9], view: 'item' });
  });

  it('has no link for a finding without rows', () => {
    expect(positionsQueueHref(4, [])).toBeNull();
    expect(positionsQueueHref(4, undefined)).toBeNull();
    expect(positionsQueueHref(4, [-1, 1.5])).toBeNull();
  });

  it('names queues, views and values', () => {
    expect(queueHref(3, 'all')).toBe('#/datasets/3/label');
    expect(queueHref(3, 'all', { view: 'grid' })).toBe('#/datasets/3/label?view=grid');
    expect(queueHref(3, 'disagreement')).toBe('#/datasets/3/label?queue=disagreement');
    expect(parseRoute(queueHref(3, 'labeler', { value: 'ana b' }))).toMatchObject({ queue: 'labeler', value: 'ana b' });
  });
});

describe('model assist choices', () => {
  const run = (id: string, status: RunSummary['status'], datasetName: string | null, createdAt: number, acc?: number): RunSummary => ({
    id,
    name: `run-${id}`,
    experimentId: 1,
    experimentName: 'Default',
    status,
    modelType: 'mlp',
    engine: 'wasm',
    device: 'cpu',
    seed: 1,
    params: {},
    tags: {},
    starred: false,
    archived: false,
    datasetName,
    datasetVersion: datasetName ? 1 : null,
    createdAt,
    startedAt: createdAt,
    endedAt: createdAt + 1,
    metrics: acc === undefined ? {} : { val_accuracy: { last: acc, min: acc, max: acc, step: 3 } },
    progress: null,
    origin: null,
  });

  it('labels a run with its data and accuracy, and folds with their epochs', () => {
    expect(runChoiceLabel(run('a', 'finished', 'wine', 1, 0.9436))).toBe('run-a (mlp · wine@1 · accuracy 0.944)');
    expect(runChoiceLabel(run('b', 'finished', null, 1))).toBe('run-b (mlp)');
    const progress = { epoch: 7, epochs: 30, batch: 0, batchesPerEpoch: 3, etaMs: null, samplesPerSec: null };
    expect(foldProgress({ datasetId: 1, runId: 'a', fold: 2, folds: 5, progress })).toBe('Fold 2 of 5 · epoch 7/30');
  });
});
