import { describe, expect, it } from 'vitest';
import type { SweepInfoResult } from '../../shared/api/calls/sweeps';
import type { RunSummary } from '../../shared/domain';
import { sweepSpecSchema } from '../../shared/sweeps/spec';
import { driftedFirst, overlayOf, shortNumber } from '../../renderer/src/lib/drift';
import { joinPath } from '../../renderer/src/lib/paths';
import { parseRoute, routeHref, type Route } from '../../renderer/src/lib/route';
import { CSV_CHOICE, defaultPair, driftRequest, pairProblem, type DriftPickers, type VersionChoice } from '../../renderer/src/features/monitoring/driftRequest';
import { buildSweepSpec, gridSize, initialSweepForm, spaceRow, splitValues, type SweepForm } from '../../renderer/src/features/sweeps/sweepFormModel';
import { bestTrial, withRun } from '../../renderer/src/features/sweeps/trials';

describe('routes for monitoring, sweeps and models', () => {
  it('round-trips every new screen', () => {
    const routes: Route[] = [
      { name: 'monitoring' },
      { name: 'sweeps' },
      { name: 'new-sweep' },
      { name: 'sweep', sweepId: 7 },
      { name: 'models' },
      { name: 'model', modelName: 'iris clf' },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
    expect(parseRoute('#/sweeps/abc')).toEqual({ name: 'not-found', hash: '#/sweeps/abc' });
  });
});

describe('drift overlays', () => {
  it('puts drifted columns first, keeping report order within each group', () => {
    const cols = [
      { name: 'a', drifted: false },
      { name: 'b', drifted: true },
      { name: 'c', drifted: false },
      { name: 'd', drifted: true },
    ];
    expect(driftedFirst(cols).map((c) => c.name)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('labels histogram bins by their shared edges and uses the shares', () => {
    const o = overlayOf({ histogram: { edges: [0, 0.5, 1], reference: [3, 1], current: [1, 1], referenceShare: [0.75, 0.25], currentShare: [0.5, 0.5] } });
    expect(o).toEqual({ kind: 'histogram', labels: ['0–0.5', '0.5–1'], reference: [0.75, 0.25], current: [0.5, 0.5] });
  });

  it('turns category counts into shares of each sample, folding the long tail into "other"', () => {
    const o = overlayOf({ categories: { categories: ['a', 'b', 'c'], reference: [2, 2, 0], current: [0, 1, 3] } })!;
    expect(o.labels).toEqual(['a', 'b', 'c']);
    expect(o.reference).toEqual([0.5, 0.5, 0]);
    expect(o.current).toEqual([0, 0.25, 0.75]);

    const many = overlayOf({ categories: { categories: ['a', 'b', 'c', 'd'], reference: [10, 1, 1, 8], current: [10, 1, 0, 9] } }, 3)!;
    expect(many.labels).toEqual(['a', 'd', 'other']);
    expect(many.reference.reduce((x, y) => x + y, 0)).toBeCloseTo(1);
    expect(many.reference[2]).toBeCloseTo(0.1);
    expect(overlayOf({})).toBeNull();
  });

  it('formats edges compactly', () => {
    expect(shortNumber(17)).toBe('17');
    expect(shortNumber(21.73333)).toBe('21.7');
    expect(shortNumber(1234567)).toBe('1.2e+6');
  });
});

describe('drift request', () => {
  const pickers: DriftPickers = {
    versions: [
      { key: '1@2', datasetId: 1, version: 2, label: 'adult@2', rows: 10, datasetName: 'adult', columns: ['age', 'income'] },
      { key: '1@1', datasetId: 1, version: 1, label: 'adult@1', rows: 10, datasetName: 'adult', columns: ['age', 'income'] },
    ],
    reference: '1@1',
    current: '1@2',
    currentPath: '',
    share: '0.5',
  };

  it('sends a version or a typed CSV path', () => {
    expect(driftRequest(pickers)).toEqual({
      ok: true,
      input: { reference: { datasetId: 1, version: 1 }, current: { datasetId: 1, version: 2 }, shareThreshold: 0.5 },
    });
    const csv = driftRequest({ ...pickers, current: CSV_CHOICE, currentPath: ' /tmp/x.csv ' });
    expect(csv.ok && csv.input.current).toEqual({ path: '/tmp/x.csv' });
  });

  it('says what is missing', () => {
    expect(driftRequest({ ...pickers, current: CSV_CHOICE })).toEqual({ ok: false, error: 'Type the path of the current CSV file' });
    expect(driftRequest({ ...pickers, share: '1.5' }).ok).toBe(false);
    expect(driftRequest({ ...pickers, reference: '' }).ok).toBe(false);
  });

  const version = (datasetId: number, name: string, v: number, columns: string[]): VersionChoice => ({
    key: `${datasetId}@${v}`,
    datasetId,
    version: v,
    label: `${name}@${v}`,
    rows: 10,
    datasetName: name,
    columns,
  });
  // As the store lists them: datasets by name, each newest version first.
  const adult = [version(1, 'adult', 3, ['age', 'income']), version(1, 'adult', 2, ['age', 'income']), version(1, 'adult', 1, ['age', 'income'])];
  const iris = [version(2, 'iris', 1, ['sepal_length', 'species'])];
  const wine = [version(3, 'wine', 1, ['alcohol', 'class'])];

  it("opens on the champion's training data against the newest version of the same dataset", () => {
    expect(defaultPair([...adult, ...iris], { name: 'adult', version: 1 })).toEqual({ reference: '1@1', current: '1@3' });
    // Trained on the newest version: the next newest is the current data.
    expect(defaultPair([...adult, ...iris], { name: 'adult', version: 3 })).toEqual({ reference: '1@3', current: '1@2' });
  });

  it('without a champion (or one whose data is gone), opens on the first pair that shares columns, never one that shares none', () => {
    expect(defaultPair([...iris, ...wine, ...adult], null)).toEqual({ reference: '1@2', current: '1@3' });
    expect(defaultPair([...iris, ...wine, ...adult], { name: 'gone', version: 1 })).toEqual({ reference: '1@2', current: '1@3' });
    // A champion trained on a dataset with one version: nothing newer to compare, so the fallback.
    expect(defaultPair([...iris, ...wine, ...adult], { name: 'iris', version: 1 })).toEqual({ reference: '1@2', current: '1@3' });
    expect(defaultPair([...iris, ...wine], null)).toBeNull();
  });

  it('refuses a pair with no column in common, saying so', () => {
    const versions = [...iris, ...wine];
    const problem = pairProblem({ versions, reference: '2@1', current: '3@1' });
    expect(problem).toBe('iris@1 and wine@1 share no feature column, so there is nothing to compare: choose versions of the same table');
    expect(driftRequest({ versions, reference: '2@1', current: '3@1', currentPath: '', share: '0.5' })).toEqual({ ok: false, error: problem });
    expect(pairProblem({ versions: adult, reference: '1@1', current: '1@3' })).toBeNull();
    expect(pairProblem({ versions, reference: '2@1', current: CSV_CHOICE })).toBeNull();
  });
});

describe('sweep form', () => {
  const form = (patch: Partial<SweepForm> = {}): SweepForm => ({ ...initialSweepForm(), dataset: 'iris', ...patch });

  it('splits choices outside brackets and reads JSON values', () => {
    expect(splitValues('[16], [64, 32]')).toEqual(['[16]', '[64, 32]']);
    expect(splitValues('adam, sgd,')).toEqual(['adam', 'sgd']);
    const built = buildSweepSpec(
      form({ space: [spaceRow({ path: 'mlp.hiddenUnits', values: '[16], [64, 32]' }), spaceRow({ path: 'optimizer', values: 'adam, sgd' })] }),
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.input.spec.space).toEqual({ 'mlp.hiddenUnits': { values: [[16], [64, 32]] }, optimizer: { values: ['adam', 'sgd'] } });
    expect(gridSize(form({ space: [spaceRow({ values: '1,2' }), spaceRow({ kind: 'range', steps: '3' })] }).space)).toBe(6);
  });

  it('builds a spec the shared schema accepts, with base config and median early stop', () => {
    const built = buildSweepSpec(form({ epochs: '3', batchSize: '16', engine: 'cpu', earlyStop: true, minEpochs: '2', parallel: '3' }));
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const spec = sweepSpecSchema.parse(built.input.spec);
    expect(spec.base.epochs).toBe(3);
    expect(spec.base.engine).toBe('cpu');
    expect(spec.earlyStop).toEqual({ rule: 'median', minEpochs: 2, minTrials: 3 });
    expect(spec.space).toEqual({ learningRate: { values: [0.001, 0.01] } });
  });

  it('places schema problems on the row or field they belong to', () => {
    const row = spaceRow({ path: 'learningRate', kind: 'range', min: '0.001', max: '0.1' });
    const grid = buildSweepSpec(form({ method: 'grid', space: [row] }));
    expect(grid.ok).toBe(false);
    if (!grid.ok) expect(grid.errors[`space.${row.id}`]).toMatch(/steps/);

    const badLog = spaceRow({ path: 'learningRate', kind: 'range', min: '0', max: '1', log: true });
    const r2 = buildSweepSpec(form({ method: 'random', space: [badLog] }));
    expect(!r2.ok && r2.errors[`space.${badLog.id}`]).toMatch(/min > 0/);

    const r3 = buildSweepSpec(form({ parallel: '0', epochs: '' }));
    expect(!r3.ok && r3.errors.parallel).toBeTruthy();
    expect(!r3.ok && r3.errors.epochs).toBe('Required');

    const dup = buildSweepSpec(form({ space: [spaceRow({ path: 'seed', values: '1' }), spaceRow({ path: 'seed', values: '2' })] }));
    expect(dup.ok).toBe(false);
    expect(buildSweepSpec(form({ space: [] })).ok).toBe(false);
  });
});

describe('sweep trials', () => {
  const sweep: SweepInfoResult = {
    id: 1,
    name: 's',
    experimentId: 1,
    status: 'running',
    spec: sweepSpecSchema.parse({ dataset: 'iris', space: { learningRate: { values: [0.1, 0.2] } } }),
    createdAt: 0,
    endedAt: null,
    trials: [
      { runId: 'a', index: 1, params: {}, status: 'finished', pruned: null, metric: 0.5 },
      { runId: 'b', index: 2, params: {}, status: 'running', pruned: null, metric: 0.9 },
    ],
    best: null,
  };
  const run = (patch: Partial<RunSummary>): RunSummary =>
    ({ id: 'b', status: 'finished', tags: { 'sweep.trial': '2' }, metrics: { val_loss: { last: 0.4, min: 0.3, max: 0.9, step: 3 } }, ...patch }) as RunSummary;

  it('picks the best finished trial for the goal', () => {
    expect(bestTrial(sweep.trials, 'minimize')?.runId).toBe('a');
    expect(bestTrial(sweep.trials, 'maximize')?.runId).toBe('a');
  });

  it('applies a pushed run to its trial: status, metric, pruned reason and best', () => {
    const next = withRun(sweep, run({}))!;
    expect(next.trials[1]).toMatchObject({ status: 'finished', metric: 0.3, pruned: null });
    expect(next.best?.runId).toBe('b');
    const pruned = withRun(sweep, run({ status: 'cancelled', tags: { 'sweep.trial': '2', 'sweep.pruned': 'epoch 3: worse' } }))!;
    expect(pruned.trials[1]).toMatchObject({ status: 'cancelled', pruned: 'epoch 3: worse' });
    expect(pruned.best?.runId).toBe('a');
    expect(withRun(sweep, run({ id: 'zzz' }))).toBeNull();
  });
});

describe('export paths', () => {
  it('joins a picked folder and the bundle name with the folder separator', () => {
    expect(joinPath('/home/me', 'm-v1.zip')).toBe('/home/me/m-v1.zip');
    expect(joinPath('/home/me/', 'm-v1.zip')).toBe('/home/me/m-v1.zip');
    expect(joinPath('C:\\Users\\me', 'm-v1.zip')).toBe('C:\\Users\\me\\m-v1.zip');
  });
});
