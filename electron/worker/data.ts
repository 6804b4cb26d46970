import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../../shared/training/config';
import type { JobSpec } from '../../shared/worker/protocol';
import {
  imageSpec,
  isPreprocessingSpec,
  splitIndices,
  TabularEncoder,
  TabularFitter,
  type ImageSpec,
  type PreprocessingSpec,
  type TabularSpec,
} from '../../shared/ml';
import { decodeImages } from './images';
import { scanTabularFile } from './tabular-file';

export interface ImageFile {
  /** name: the image's name in the dataset, for errors. */
  items: { path: string; label: string; name?: string | null }[];
}

export interface PreparedData {
  spec: PreprocessingSpec;
  /** Shape of one sample, e.g. [features] or [height, width, channels]. */
  sampleShape: number[];
  x: tf.Tensor;
  y: tf.Tensor;
  /** Null when there are no validation rows. */
  val: { x: tf.Tensor; y: tf.Tensor } | null;
  trainRows: number;
  valRows: number;
}

function pick<T>(items: T[], idx: number[]): T[] {
  return idx.map((i) => items[i]);
}

/** Class index per file row: -1 for a missing label or one outside the job's classes. */
function classLookup(classes: string[]): (label: string | number | null | undefined) => number {
  const lookup = new Map(classes.map((c, i) => [c, i] as const));
  return (label) => (label === null || label === undefined ? -1 : (lookup.get(String(label)) ?? -1));
}

/**
 * The rows to use, in file order, and their class indices. `only` (one byte per file row) leaves
 * the other rows out without a warning: cross-validation's held-out fold.
 */
function keptRows(classOf: ArrayLike<number>, only?: Uint8Array): { keep: number[]; y: number[] } {
  const keep: number[] = [];
  const y: number[] = [];
  let unknown = 0;
  for (let i = 0; i < classOf.length; i++) {
    if (only && !only[i]) continue;
    if (classOf[i] < 0) unknown++;
    else {
      keep.push(i);
      y.push(classOf[i]);
    }
  }
  if (unknown > 0) process.stderr.write(`cairn-worker: skipped ${unknown} rows whose label is missing or not among the job's classes\n`);
  if (keep.length === 0) throw new Error('no rows with a label among the job classes');
  return { keep, y };
}

function oneHot(labels: number[], numClasses: number): tf.Tensor2D {
  const buf = new Float32Array(labels.length * numClasses);
  labels.forEach((c, i) => (buf[i * numClasses + c] = 1));
  return tf.tensor2d(buf, [labels.length, numClasses]);
}

function gather(src: Float32Array, per: number, idx: number[]): Float32Array {
  const out = new Float32Array(idx.length * per);
  idx.forEach((r, i) => out.set(src.subarray(r * per, (r + 1) * per), i * per));
  return out;
}

/**
 * The job's split as indices into `keep`: the core's (file rows) when it gave one, else seeded and
 * stratified by validationSplit.
 */
function splitRows(job: JobSpec, config: TrainConfig, fileRows: number, keep: number[], labels: number[]): { train: number[]; val: number[] } {
  if (!job.split) return splitIndices(labels, config.validationSplit, config.seed);
  const at = new Int32Array(fileRows).fill(-1);
  keep.forEach((row, i) => (at[row] = i));
  const kept = (rows: number[]) => {
    const out: number[] = [];
    for (const r of rows) if (r >= 0 && r < fileRows && at[r] >= 0) out.push(at[r]);
    return out;
  };
  return { train: kept(job.split.train), val: kept(job.split.val) };
}

/** Slot of each file row in a list of kept-row indices (-1: not in it). */
function slots(fileRows: number, keep: number[], idx: number[]): Int32Array {
  const slot = new Int32Array(fileRows).fill(-1);
  idx.forEach((k, i) => (slot[keep[k]] = i));
  return slot;
}

interface Features {
  spec: PreprocessingSpec;
  sampleShape: number[];
  y: number[];
  split: { train: number[]; val: number[] };
  trainX: Float32Array;
  valX: Float32Array;
}

/**
 * A table in passes over its file (labels; fit on train rows, twice; encode), holding only the
 * encoded floats: a million rows of 12 columns stay well under a gigabyte.
 */
async function tabularFeatures(job: JobSpec, config: TrainConfig, file: string, given: unknown, only?: Uint8Array): Promise<Features> {
  const classOfLabel = classLookup(job.classes);
  const classOf: number[] = [];
  const { columns, rows: fileRows } = await scanTabularFile(file, (label) => classOf.push(classOfLabel(label)));
  const { keep, y } = keptRows(classOf, only);
  const split = splitRows(job, config, fileRows, keep, y);
  const trainSlot = slots(fileRows, keep, split.train);
  const valSlot = slots(fileRows, keep, split.val);
  let spec = given as TabularSpec | null | undefined;
  if (!spec) {
    const fitter = new TabularFitter(columns);
    await scanTabularFile(file, (_l, cells, row) => {
      if (trainSlot[row] >= 0) fitter.first(cells);
    });
    await scanTabularFile(file, (_l, cells, row) => {
      if (trainSlot[row] >= 0) fitter.second(cells);
    });
    spec = fitter.spec();
  }
  if (spec.kind !== 'tabular') throw new Error('resume.preprocessing is not for tabular data');
  const encoder = new TabularEncoder(spec);
  const trainX = new Float32Array(split.train.length * spec.width);
  const valX = new Float32Array(split.val.length * spec.width);
  await scanTabularFile(file, (_l, cells, row) => {
    if (trainSlot[row] >= 0) encoder.encode(cells, trainX, trainSlot[row]);
    else if (valSlot[row] >= 0) encoder.encode(cells, valX, valSlot[row]);
  });
  return { spec, sampleShape: [spec.width], y, split, trainX, valX };
}

async function imageFeatures(job: JobSpec, config: TrainConfig, file: string, given: unknown, only?: Uint8Array): Promise<Features> {
  const data = JSON.parse(await fs.readFile(file, 'utf8')) as ImageFile;
  const classOfLabel = classLookup(job.classes);
  const { keep, y } = keptRows(
    data.items.map((it) => classOfLabel(it.label)),
    only,
  );
  const items = pick(data.items, keep);
  const split = splitRows(job, config, data.items.length, keep, y);
  const img = (given as ImageSpec | null | undefined) ?? imageSpec(config.cnn.imageSize, config.cnn.channels);
  if (img.kind !== 'image') throw new Error('resume.preprocessing is not for image data');
  const all = await decodeImages(
    items.map((it) => path.resolve(job.jobDir, it.path)),
    img,
    items.map((it) => it.name),
  );
  const per = img.height * img.width * img.channels;
  return { spec: img, sampleShape: [img.height, img.width, img.channels], y, split, trainX: gather(all, per, split.train), valX: gather(all, per, split.val) };
}

/**
 * Reads the job's data file, splits it and fits preprocessing on train only. `only`: one byte per
 * file row, the rows to use (cross-validation's training folds); absent, all of them.
 */
export async function prepareData(job: JobSpec, config: TrainConfig, only?: Uint8Array): Promise<PreparedData> {
  const file = path.resolve(job.jobDir, job.data.file);
  const given = job.resume?.preprocessing;
  if (given !== undefined && given !== null && !isPreprocessingSpec(given)) throw new Error('resume.preprocessing is not a preprocessing spec');
  const f = job.data.kind === 'tabular' ? await tabularFeatures(job, config, file, given, only) : await imageFeatures(job, config, file, given, only);
  if (f.split.train.length === 0) throw new Error('the training split is empty');
  const numClasses = job.classes.length;
  const make = (x: Float32Array, idx: number[]) => ({
    x: tf.tensor(x, [idx.length, ...f.sampleShape]),
    y: oneHot(pick(f.y, idx), numClasses),
  });
  const train = make(f.trainX, f.split.train);
  return {
    spec: f.spec,
    sampleShape: f.sampleShape,
    x: train.x,
    y: train.y,
    val: f.split.val.length > 0 ? make(f.valX, f.split.val) : null,
    trainRows: f.split.train.length,
    valRows: f.split.val.length,
  };
}

/** The given file rows of a table, encoded with `spec`, in the order of `rows`. */
export async function encodeTabularRows(file: string, spec: TabularSpec, fileRows: number, rows: number[]): Promise<Float32Array> {
  const slot = new Int32Array(fileRows).fill(-1);
  rows.forEach((r, i) => (slot[r] = i));
  const out = new Float32Array(rows.length * spec.width);
  const encoder = new TabularEncoder(spec);
  await scanTabularFile(file, (_l, cells, row) => {
    if (slot[row] >= 0) encoder.encode(cells, out, slot[row]);
  });
  return out;
}
