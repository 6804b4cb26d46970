import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PredictionDriftResult, RetrainResult, TimelineResult } from '../../shared/api/calls/monitoring';
import { Core } from '../../electron/core/core';
import { adultLines, cliOn, dataset, impatientWriter, tempDir } from '../helpers';

// Monitoring on Adult: a quick MLP, then current data built to drift gradually (an ever larger
// share of people 50 and over) or suddenly (two chunks of people over 60 spliced into unshifted
// rows); the timeline must show both, the CBPE estimate must track realized accuracy where nothing
// shifted, and the retraining loop must make a new dataset version, a run and two evaluations.

let dir: string;
let runId: string;
const ADULT = dataset('adult.csv.gz');
const ADULT_ROWS = 32561;

const cairn = cliOn(() => dir);

function monitor(args: string[]): TimelineResult {
  const r = cairn(['monitor', '--run', runId, ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return r.json() as TimelineResult;
}

/** Deterministic shuffle (an LCG), so the chunks are the same on every machine. */
function shuffled<T>(items: T[], seed: number): T[] {
  const a = [...items];
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function write(name: string, header: string, rows: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, [header, ...rows].join('\n') + '\n');
  return file;
}

function pearson(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((_, i) => {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

let files: { gradual: string; sudden: string; dated: string; older: string; unshifted: string; fresh: string; both: string; ids: string };
/** Per row of files.ids: its label, and what it turned out to be (the label, flipped from chunk 7 on). */
let outcomes: { label: string; outcome: string }[];

beforeAll(() => {
  dir = tempDir('cairn-monitor-');
  expect(cairn(['datasets', 'import', ADULT, '--name', 'adult', '--json']).code).toBe(0);
  const t = cairn(['train', '--dataset', 'adult', '--epochs', '2', '--batch-size', '256', '--seed', '7', '--json']);
  expect(t.code, t.stderr).toBe(0);
  runId = t.json().runId;

  const [header, ...rows] = adultLines();
  const age = (l: string) => Number(l.split(',')[0]);
  const mixed = shuffled(rows, 12345);
  // Gradual: ten chunks of 1,000; chunk i draws 0.9·i/9 of its rows from people 50 and over.
  const fifty = shuffled(
    rows.filter((l) => age(l) >= 50),
    7,
  );
  const gradual: string[] = [];
  let o = 0;
  let m = 0;
  for (let c = 0; c < 10; c++) {
    const old = Math.round((1000 * c * 0.9) / 9);
    for (let j = 0; j < 1000; j++) gradual.push(j < old ? fifty[o++] : mixed[m++]);
  }
  // Sudden: ten unshifted chunks of 1,000 with chunks 6 and 7 replaced by people over 60.
  const sixty = shuffled(
    rows.filter((l) => age(l) > 60),
    11,
  );
  const sudden = mixed.slice(20_000, 30_000);
  for (let j = 0; j < 2000; j++) sudden[6000 + j] = sixty[j];
  // Both kinds at once on unshifted rows: everyone ages a year a chunk (slow drift), and from
  // chunk 6 on works ten more hours a week (a sudden shift).
  const cols = header.split(',');
  const ageAt = cols.indexOf('age');
  const hoursAt = cols.indexOf('hours-per-week');
  const both = mixed.slice(10_000, 20_000).map((l, i) => {
    const v = l.split(',');
    const c = Math.floor(i / 1000);
    v[ageAt] = String(Number(v[ageAt]) + c);
    if (c >= 6) v[hoursAt] = String(Number(v[hoursAt]) + 10);
    return v.join(',');
  });
  // Unshifted rows with an id and a revenue; from chunk 7 on the world changed: each row's outcome
  // is the other class, and revenue halves, though the features look as before.
  const labelAt = cols.indexOf('income-per-year');
  const plain = mixed.slice(20_000, 30_000);
  outcomes = plain.map((l, i) => {
    const label = l.split(',')[labelAt];
    return { label, outcome: i >= 7000 ? (label === '>50K' ? '<=50K' : '>50K') : label };
  });
  const revenue = (i: number) => (outcomes[i].label === '>50K' ? 120 : 20) * (i >= 7000 ? 0.5 : 1);
  // The sudden rows again with a date (100 rows a day from 2024-01-01), for chunking by month.
  const dated = sudden.map((l, i) => `${new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 100) * 86_400_000).toISOString().slice(0, 10)},${l}`);
  files = {
    gradual: write('gradual.csv', header, gradual),
    sudden: write('sudden.csv', header, sudden),
    dated: write('dated.csv', `ts,${header}`, dated),
    older: write('older.csv', header, fifty.slice(0, 3000)),
    unshifted: write('unshifted.csv', header, mixed.slice(10_000, 13_000)),
    fresh: write('fresh.csv', header, sixty.slice(0, 1000)),
    both: write('both.csv', header, both),
    ids: write(
      'ids.csv',
      `id,revenue,${header}`,
      plain.map((l, i) => `r${i},${revenue(i)},${l}`),
    ),
  };
}, 90_000);

describe('cairn monitor on Adult', () => {
  it('shows gradual drift: the drift share and the age score rise across chunks, and late chunks leave the reference band', () => {
    const r = monitor(['--current', files.gradual, '--chunk-size', '1000']);
    expect(r).toMatchObject({
      reference: 'adult@1',
      labelColumn: 'income-per-year',
      positiveClass: '>50K',
      calibrated: true,
      referenceChunkSize: 1000,
      referenceChunks: 33,
    });
    // The default reference is the training version: the run fitted on all but its 0.2 validation
    // fraction, and duplicate rows in the held-out part count too (same content).
    expect(r.referenceTrainingRows).toBeGreaterThanOrEqual(ADULT_ROWS - Math.round(ADULT_ROWS * 0.2));
    expect(r.referenceTrainingRows).toBeLessThan(ADULT_ROWS);
    expect(r.chunks).toHaveLength(10);
    const share = r.chunks.map((c) => c.values.drift_share!);
    const ageScore = r.chunks.map((c) => c.columns.age);
    const idx = share.map((_, i) => i);
    expect(pearson(idx, share)).toBeGreaterThan(0.85);
    expect(pearson(idx, ageScore)).toBeGreaterThan(0.95);
    expect(share.slice(7).reduce((a, b) => a + b) / 3).toBeGreaterThan(share.slice(0, 3).reduce((a, b) => a + b) / 3 + 0.2);
    const band = r.bands.drift_share!;
    expect(band.alertWhen).toBe('above');
    // Chunk 0 is unshifted. From chunk 1 on (10% people of 50 and over) age drifts, and reference chunks, where
    // no column drifts once Jensen-Shannon is in natural log as Evidently's, leave a narrow band.
    expect(r.chunks[0].alerts).not.toContain('drift_share');
    expect(r.chunks[1].driftedColumns).toEqual(['age']);
    for (const c of r.chunks.slice(7)) {
      expect(c.values.drift_share!).toBeGreaterThan(band.upper);
      expect(c.alerts).toContain('drift_share');
      expect(c.columnAlerts).toContain('age');
      expect(c.flagged).toBe(true);
    }
    // The prediction score drifts more as the shift grows (older people earn more).
    expect(
      pearson(
        idx,
        r.chunks.map((c) => c.values.prediction_score!),
      ),
    ).toBeGreaterThan(0.85);
    expect(r.chunks[9].predictionDrift).toBe(true);
  }, 60_000);

  it('flags exactly the chunks of a sudden block; the CBPE estimate tracks realized accuracy on unshifted chunks', () => {
    const r = monitor(['--current', files.sudden, '--chunk-size', '1000']);
    expect(r.chunks.map((c) => c.rows)).toEqual(new Array(10).fill(1000));
    expect(r.chunks.filter((c) => c.flagged).map((c) => c.index)).toEqual([6, 7]);
    expect(r.chunks.filter((c) => c.datasetDrift).map((c) => c.index)).toEqual([6, 7]);
    // The drift share steps up at chunk 6 and back down at 8.
    const share = r.trends.drift_share!;
    expect(share.kind, JSON.stringify(share)).toBe('sudden');
    expect(share.changePoints.map((c) => c.index)).toEqual([6, 8]);
    expect(share.changePoints[0].magnitude).toBeGreaterThan(0.3);
    expect(share.changePoints[1].magnitude).toBeLessThan(-0.3);
    for (const c of r.chunks) {
      expect(c.realized).not.toBeNull();
      expect(c.labelled).toBe(1000);
      if (c.index === 6 || c.index === 7) continue;
      expect(Math.abs(c.estimatedAccuracy - c.realized!.accuracy)).toBeLessThan(0.05);
    }
    expect(r.chunks[0].realized!.rocAuc).toBeGreaterThan(0.8);
    expect(r.chunks[0].realized!.f1).toBeGreaterThan(0.4);
  }, 60_000);

  it('names a sudden shift and a slow drift in the same data: the change point and its size, the trend, its p-value and Theil-Sen slope', () => {
    const r = monitor(['--current', files.both, '--chunk-size', '1000']);
    const hours = r.columnTrends['hours-per-week'];
    const age = r.columnTrends.age;
    expect(hours.kind, JSON.stringify(hours)).toBe('sudden');
    expect(hours.change!.index).toBe(6);
    // Ten hours on a column whose reference std is about 12.3: a normed Wasserstein step of about 0.8.
    expect(hours.change!.magnitude).toBeGreaterThan(0.6);
    expect(age.kind, JSON.stringify(age)).toBe('gradual');
    expect(age.trend!.p).toBeLessThan(0.001);
    expect(age.trend!.s).toBe(45);
    // A year a chunk moves the normed Wasserstein distance by 1 / std(age) a chunk.
    const ages = adultLines()
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    const mean = ages.reduce((a, b) => a + b) / ages.length;
    const std = Math.sqrt(ages.reduce((s, a) => s + (a - mean) ** 2, 0) / ages.length);
    expect(age.trend!.slope).toBeGreaterThan(0.8 / std);
    expect(age.trend!.slope).toBeLessThan(1.2 / std);
    // The text output says the same.
    const text = cairn(['monitor', '--run', runId, '--current', files.both, '--chunk-size', '1000']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/column hours-per-week: sudden: \+0\.\d+ at chunk 6/);
    expect(text.stdout).toMatch(/column age: gradual: \+0\.0\d+\/chunk, p<0\.001/);
  }, 120_000);

  it('chunks by a timestamp column and period', () => {
    const r = monitor(['--current', files.dated, '--timestamp', 'ts', '--period', 'month']);
    expect(r.chunking).toMatchObject({ by: 'period', timestamp: 'ts', period: 'month', chunks: 4 });
    expect(r.chunks.map((c) => c.key)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(r.chunks.map((c) => c.rows)).toEqual([3100, 2900, 3100, 900]);
    expect(Object.keys(r.chunks[0].columns)).not.toContain('ts');
    // March holds the spliced block (rows 6,000–7,999 are days 60–79).
    expect(r.chunks[2].alerts).toContain('drift_share');
    expect(r.chunks[0].flagged).toBe(false);
  }, 60_000);

  it('monitoring.predictionDrift: detects prediction drift on shifted data and reports the target, none on an unshifted sample', async () => {
    const core = new Core({ dataDir: dir, transport: 'http' });
    try {
      const shifted = await core.dispatch('monitoring.predictionDrift', { model: runId, current: { path: files.older } });
      expect(shifted.ok, JSON.stringify(shifted)).toBe(true);
      const s = (shifted as { value: PredictionDriftResult }).value;
      expect(s).toMatchObject({ reference: 'adult@1', positiveClass: '>50K', classes: ['<=50K', '>50K'], drifted: true });
      expect(s.score).toMatchObject({ kind: 'positive_probability', test: 'wasserstein', drifted: true });
      expect(s.predictedClass).toMatchObject({ columnType: 'categorical', test: 'jensenshannon' });
      // The label is compared as the target (its share of >50K rises, though under JS's 0.1 here).
      expect(s.target).toMatchObject({ name: 'income-per-year', columnType: 'categorical', test: 'jensenshannon' });
      expect(s.data.columns.find((c) => c.name === 'age')!.drifted).toBe(true);

      const calm = await core.dispatch('monitoring.predictionDrift', { model: runId, current: { path: files.unshifted } });
      const c = (calm as { value: PredictionDriftResult }).value;
      expect(c.drifted).toBe(false);
      expect(c.target!.drifted).toBe(false);
      expect(s.target!.score).toBeGreaterThan(3 * c.target!.score);
    } finally {
      core.close();
    }
  }, 60_000);
});

describe('business value over time on Adult', () => {
  it('cairn outcomes log refuses a malformed file in one line and stores nothing; a good one is stored, a second log replaces', () => {
    const bad = [
      ['id,result', 'r1,>50K'],
      ['id,outcome', 'r1,>50K', 'r2,<=50K', 'r1,<=50K'],
      ['id,outcome', 'r1,>50K', ',<=50K'],
      ['id,outcome,timestamp', 'r1,>50K,yesterday'],
    ];
    const expected = [
      /needs the columns id and outcome/,
      /line 4: id "r1" is already on line 2/,
      /line 3: id is empty/,
      /line 2: timestamp "yesterday" is not a date/,
    ];
    bad.forEach((lines, i) => {
      const file = write(`bad-outcomes-${i}.csv`, lines[0], lines.slice(1));
      const r = cairn(['outcomes', 'log', '--model', runId, '--file', file]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(expected[i]);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
    const db = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) FROM monitoring_outcomes').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    // Everything once with its true label, then the corrected outcomes: the second log replaces.
    const first = write(
      'outcomes-1.csv',
      'id,outcome,timestamp',
      outcomes.map((o, i) => `r${i},${o.label},2024-03-01`),
    );
    const r1 = cairn(['outcomes', 'log', '--model', runId, '--file', first, '--json']);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.json()).toMatchObject({ runId, logged: 10_000, replaced: 0, total: 10_000 });
    const second = write(
      'outcomes-2.csv',
      'id,outcome',
      outcomes.slice(7000).map((o, i) => `r${7000 + i},${o.outcome}`),
    );
    const r2 = cairn(['outcomes', 'log', '--model', runId, '--file', second]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toMatch(/^3000 outcomes logged for .+ \(3000 replaced\); 10000 stored$/m);
  }, 60_000);

  it('logs a large outcomes file in short transactions: another writer with a short busy timeout gets in meanwhile', async () => {
    const N = 300_000;
    const file = write(
      'outcomes-large.csv',
      'id,outcome',
      Array.from({ length: N }, (_, i) => `large-${i},${i % 3 ? '>50K' : '<=50K'}`),
    );
    const core = new Core({ dataDir: dir, transport: 'http' });
    const other = await impatientWriter(path.join(dir, 'cairn.db'));
    let r;
    let meanwhile;
    try {
      r = await core.dispatch('monitoring.logOutcomes', { model: runId, path: file });
    } finally {
      meanwhile = await other.stop();
    }
    expect(meanwhile.timeouts).toBe(0);
    expect(meanwhile.writes).toBeGreaterThan(10);
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ logged: N, replaced: 0, total: 10_000 + N }) });
    const db = core.services.db;
    try {
      expect(db.prepare("SELECT COUNT(*) FROM monitoring_outcomes WHERE run_id = ? AND row_id LIKE 'large-%'").pluck().get(runId)).toBe(N);
      expect(db.prepare("SELECT outcome FROM monitoring_outcomes WHERE run_id = ? AND row_id = 'large-299999'").pluck().get(runId)).toBe('>50K');
    } finally {
      core.close();
    }
  }, 120_000);

  it('charts logged class outcomes valued by the matrix against the expected value; the drop is a performance alert and a sudden change', () => {
    // With tp = tn = 1 and fp = fn = 0 the value per 1,000 is 1,000 × accuracy: realized against the
    // outcomes, expected as the CBPE estimate, which the timeline computes apart.
    const r = monitor(['--current', files.ids, '--chunk-size', '1000', '--id-column', 'id', '--value', 'tp=1,fp=0,tn=1,fn=0']);
    expect(r.business).toEqual({ values: { tp: 1, fp: 0, tn: 1, fn: 0 }, source: 'logged', column: 'id', kind: 'class' });
    for (const c of r.chunks) {
      expect(c.business!.outcomes).toBe(1000);
      expect(c.business!.expected!).toBeCloseTo(1000 * c.estimatedAccuracy, 9);
      // Until chunk 7 the outcomes are the labels; after, every one is the other class.
      const accuracy = c.realized!.accuracy;
      expect(c.business!.realized!).toBeCloseTo(1000 * (c.index < 7 ? accuracy : 1 - accuracy), 9);
    }
    const band = r.bands.realized_value!;
    expect(band.alertWhen).toBe('below');
    expect(r.chunks.filter((c) => c.alerts.includes('realized_value')).map((c) => c.index)).toEqual([7, 8, 9]);
    const performance = r.chunks[8].alertGroups.find((g) => g.kind === 'performance')!;
    expect(performance.alerts.map((a) => a.name)).toContain('realized_value');
    expect(r.chunks.some((c) => c.alerts.includes('expected_value'))).toBe(false);
    const trend = r.trends.realized_value!;
    expect(trend.kind, JSON.stringify(trend)).toBe('sudden');
    expect(trend.change!.index).toBe(7);
    expect(trend.change!.magnitude).toBeLessThan(-400);
  }, 60_000);

  it('charts amounts from a column as they are; bad outcome requests fail in one line', () => {
    const r = monitor(['--current', files.ids, '--chunk-size', '1000', '--outcome-column', 'revenue']);
    expect(r.business).toEqual({ values: null, source: 'column', column: 'revenue', kind: 'amount' });
    const lines = fs.readFileSync(files.ids, 'utf8').trimEnd().split('\n').slice(1);
    r.chunks.forEach((c) => {
      const mean = lines.slice(c.index * 1000, (c.index + 1) * 1000).reduce((s, l) => s + Number(l.split(',')[1]), 0) / 1000;
      expect(c.business).toMatchObject({ expected: null, outcomes: 1000 });
      expect(c.business!.realized!).toBeCloseTo(1000 * mean, 6);
    });
    expect(r.trends.realized_value).toMatchObject({ kind: 'sudden', change: { index: 7 } });
    // No revenue in the reference: no band to alert against.
    expect(r.bands.realized_value).toBeUndefined();
    const text = cairn(['monitor', '--run', runId, '--current', files.ids, '--chunk-size', '1000', '--outcome-column', 'revenue']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('value per 1,000 predictions: realized from revenue (amounts)');
    expect(text.stdout).toMatch(/^CHUNK +ROWS +DRIFT SHARE +PRED SCORE +ACCURACY +EST\. ACCURACY +EXP\. VALUE +REAL\. VALUE +ALERTS/m);
    const realized7 = r.chunks[7].business!.realized!;
    expect(text.stdout).toMatch(new RegExp(`^\\[7000, 8000\\) +1000 .* - +${Number.isInteger(realized7) ? realized7 : realized7.toFixed(1)}( |$)`, 'm'));
    expect(text.stdout).toMatch(/realized value per 1,000: sudden: -\d+ at chunk 7/);

    for (const [args, message] of [
      [['--outcome-column', 'income-per-year'], /are classes: give the value of each outcome/],
      [['--outcome-column', 'workclass', '--value', 'tp=1'], /outcome ".+" in workclass is neither a class/],
      [['--outcome-column', 'nope'], /has no column "nope" \(the outcome column/],
      [['--id-column', 'id', '--outcome-column', 'revenue'], /not both/],
    ] as const) {
      const bad = cairn(['monitor', '--run', runId, '--current', files.ids, ...args]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(message);
      expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  }, 150_000);
});

describe('cairn retrain on Adult', () => {
  it('appends the new rows as a new dataset version, trains with the same config, and evaluates both models on the new data', () => {
    const r = cairn(['retrain', '--run', runId, '--new-data', files.fresh, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const res = r.json() as RetrainResult;
    expect(res.dataset).toEqual({ name: 'adult', previousVersion: 1, version: 2, rows: ADULT_ROWS + 1000, addedRows: 1000 });
    expect(res.status).toBe('finished');
    expect(res.runId).not.toBe(runId);
    expect(res.current.report.model.runId).toBe(runId);
    expect(res.retrained.report.model.runId).toBe(res.runId);
    for (const e of [res.current, res.retrained]) expect(e.report.data.rows).toBe(1000);
    expect(res.current.report.drift!.datasetDrift).toBe(true);
    expect(res.recommendation.retrain).toBe(true);
    expect(res.recommendation.message).toMatch(/^retrain recommended/);
    expect(['current', 'retrained', 'tie']).toContain(res.better);

    // The new rows are Adult rows, so the merged version holds each twice; the retrained run fitted
    // on most of them. Held out are the new rows whose content is in none of its train rows (its
    // recorded bitmap over the merged positions: Adult's rows, then the new ones).
    const [header, ...adultRows] = adultLines();
    const freshRows = fs.readFileSync(files.fresh, 'utf8').trimEnd().split('\n').slice(1);
    const labelAt = header.split(',').indexOf('income-per-year');
    const features = (l: string) =>
      l
        .split(',')
        .filter((_, i) => i !== labelAt)
        .join(',');
    const bitsDb = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    const bits = bitsDb.prepare('SELECT train FROM run_training_rows WHERE run_id = ?').pluck().get(res.runId) as Buffer;
    bitsDb.close();
    const trainedOn = new Set([...adultRows, ...freshRows].filter((_, p) => bits[p >> 3] & (1 << (p & 7))).map(features));
    const heldOut = new Set(freshRows.flatMap((l, i) => (trainedOn.has(features(l)) ? [] : [i])));
    expect(heldOut.size).toBeGreaterThan(0);
    expect(res.retrained.trainingOverlap).toBe(1000 - heldOut.size);
    expect(res.comparedRows).toBe(heldOut.size);
    const accuracy = (e: typeof res.current) => {
      const hits = e.report.confusion.rows.flatMap((row, t) => row.flatMap((cell, p) => cell.filter((i) => heldOut.has(i)).map(() => t === p)));
      return hits.filter(Boolean).length / hits.length;
    };
    expect(res.accuracyDelta).toBeCloseTo(accuracy(res.retrained) - accuracy(res.current), 12);

    const db = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    try {
      const config = db.prepare('SELECT id, config, status FROM runs WHERE id IN (?, ?)').all(runId, res.runId) as {
        id: string;
        config: string;
        status: string;
      }[];
      expect(config).toHaveLength(2);
      expect(JSON.parse(config[0].config)).toEqual(JSON.parse(config[1].config));
      const versions = db.prepare('SELECT version, row_count FROM dataset_versions ORDER BY version').all();
      // The training version is untouched; the merge is a new version.
      expect(versions).toEqual([
        { version: 1, row_count: ADULT_ROWS },
        { version: 2, row_count: ADULT_ROWS + 1000 },
      ]);
      expect(db.prepare('SELECT COUNT(*) FROM evaluations').pluck().get()).toBe(2);
      // The merge starts with the training version's rows as they were: the same items (shared, not
      // copied) and labels, position by position.
      const [v1, v2] = db.prepare('SELECT id FROM dataset_versions ORDER BY version').pluck().all() as number[];
      const kept = db
        .prepare(
          'SELECT COUNT(*) FROM version_items a JOIN version_items b ON b.position = a.position AND b.item_id = a.item_id AND b.label IS a.label WHERE a.version_id = ? AND b.version_id = ?',
        )
        .pluck()
        .get(v1, v2);
      expect(kept).toBe(ADULT_ROWS);
    } finally {
      db.close();
    }
  }, 90_000);
});
