import type { TrainingRowsSummary } from '../../../shared/api/calls/models';
import type { DatasetVersionInfo } from '../../../shared/domain';
import { splitIndices } from '../../../shared/ml/split';
import type { TrainConfig } from '../../../shared/training/config';
import { UserError } from '../errors';
import type { DatasetRepo } from '../datasets/dataset-repo';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';

/**
 * The rows a run fits on and validates on, as version positions. A version's stored split wins
 * (fit on `train`, validate on `validation`, never touch `test`; the config's validationSplit is
 * then ignored); without one, the config's seeded validation fraction of the labeled rows, drawn
 * exactly as the worker always drew it. Recorded once, at the run's first launch, so a resume
 * keeps its rows and an evaluation can tell training rows from held-out ones even after the
 * version's split is replaced.
 */
export interface TrainingRows {
  versionId: number;
  source: 'split' | 'fraction';
  validationFraction: number | null;
  seed: number;
  /** One bit per version position. */
  train: Uint8Array;
  validation: Uint8Array;
  trainRows: number;
  validationRows: number;
}

interface Row {
  version_id: number;
  source: 'split' | 'fraction';
  validation_fraction: number | null;
  seed: number;
  train_rows: number;
  validation_rows: number;
  train: Buffer;
  validation: Buffer;
}

export function hasBit(bits: Uint8Array, position: number): boolean {
  return (bits[position >> 3] & (1 << (position & 7))) !== 0;
}

function setBit(bits: Uint8Array, position: number): void {
  bits[position >> 3] |= 1 << (position & 7);
}

/** The labeled positions in order: the rows of the job's data file (see writeJobData). */
function labeledRows(db: Db, versionId: number): { position: number; label: string }[] {
  return db.prepare('SELECT position, label FROM version_items WHERE version_id = ? AND label IS NOT NULL ORDER BY position').all(versionId) as {
    position: number;
    label: string;
  }[];
}

/** `fractionOnly`: as runs drew their rows before stored splits were used (runs without a record). */
export function planTrainingRows(db: Db, version: DatasetVersionInfo, classes: string[], config: TrainConfig, fractionOnly = false): TrainingRows {
  const labeled = labeledRows(db, version.id);
  const bytes = Math.ceil(version.rows / 8);
  const train = new Uint8Array(bytes);
  const validation = new Uint8Array(bytes);
  const stored = fractionOnly
    ? undefined
    : (db.prepare('SELECT seed FROM version_split_specs WHERE version_id = ?').pluck().get(version.id) as number | undefined);
  if (stored !== undefined) {
    const part = new Map(
      (db.prepare('SELECT position, split FROM version_splits WHERE version_id = ?').all(version.id) as { position: number; split: string }[]).map((r) => [
        r.position,
        r.split,
      ]),
    );
    for (const { position } of labeled) {
      const s = part.get(position);
      if (s === 'train') setBit(train, position);
      else if (s === 'validation') setBit(validation, position);
    }
  } else {
    // As the worker's classIndices + splitIndices: rows of a known class, split on class index.
    const index = new Map(classes.map((c, i) => [c, i] as const));
    const kept = labeled.filter((r) => index.has(r.label));
    const split = splitIndices(
      kept.map((r) => index.get(r.label)!),
      config.validationSplit,
      config.seed,
    );
    for (const i of split.train) setBit(train, kept[i].position);
    for (const i of split.val) setBit(validation, kept[i].position);
  }
  const rows = {
    versionId: version.id,
    source: stored !== undefined ? ('split' as const) : ('fraction' as const),
    validationFraction: stored !== undefined ? null : config.validationSplit,
    seed: stored ?? config.seed,
    train,
    validation,
    trainRows: count(train),
    validationRows: count(validation),
  };
  if (rows.trainRows === 0)
    throw new UserError(
      `Dataset version ${version.version}'s ${rows.source === 'split' ? 'stored split has no labeled train rows' : 'labeled rows leave none to train on'}`,
    );
  return rows;
}

function count(bits: Uint8Array): number {
  let n = 0;
  for (let b of bits) {
    while (b) {
      b &= b - 1;
      n++;
    }
  }
  return n;
}

export function recordTrainingRows(db: Db, runId: string, r: TrainingRows): void {
  db.prepare(
    'INSERT OR REPLACE INTO run_training_rows (run_id, version_id, source, validation_fraction, seed, train_rows, validation_rows, train, validation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(runId, r.versionId, r.source, r.validationFraction, r.seed, r.trainRows, r.validationRows, Buffer.from(r.train), Buffer.from(r.validation));
}

export function trainingRowsOf(db: Db, runId: string): TrainingRows | null {
  const row = db.prepare('SELECT * FROM run_training_rows WHERE run_id = ?').get(runId) as Row | undefined;
  if (!row) return null;
  return {
    versionId: row.version_id,
    source: row.source,
    validationFraction: row.validation_fraction,
    seed: row.seed,
    train: new Uint8Array(row.train),
    validation: new Uint8Array(row.validation),
    trainRows: row.train_rows,
    validationRows: row.validation_rows,
  };
}

/** The recorded rows; for a run trained before they were recorded, the fraction split it drew then. */
export function runTrainingRows(db: Db, repo: DatasetRepo, runs: RunRepo, runId: string): TrainingRows | null {
  const recorded = trainingRowsOf(db, runId);
  if (recorded) return recorded;
  const run = runs.detail(runId);
  if (run.datasetVersionId === null) return null;
  return planTrainingRows(db, repo.versionById(run.datasetVersionId), run.classes, run.config, true);
}

/** What a run's lineage shows; null for runs from before rows were recorded. */
export function trainingRowsSummary(db: Db, runId: string): TrainingRowsSummary | null {
  const r = db
    .prepare(
      'SELECT source, validation_fraction AS validationFraction, seed, train_rows AS trainRows, validation_rows AS validationRows FROM run_training_rows WHERE run_id = ?',
    )
    .get(runId) as TrainingRowsSummary | undefined;
  return r ?? null;
}

/** Indices into the job's data file (its labeled rows in position order) of the train and validation rows. */
export function jobSplit(db: Db, r: TrainingRows): { train: number[]; val: number[] } {
  const split = { train: [] as number[], val: [] as number[] };
  labeledRows(db, r.versionId).forEach(({ position }, i) => {
    if (hasBit(r.train, position)) split.train.push(i);
    else if (hasBit(r.validation, position)) split.val.push(i);
  });
  return split;
}
