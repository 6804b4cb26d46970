import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../../shared/training/config';
import type { JobSpec } from '../../shared/worker/protocol';
import {
  fitTabular, imageSpec, isPreprocessingSpec, splitIndices, transformTabular,
  type ImageSpec, type PreprocessingSpec, type TabularCell, type TabularColumn, type TabularSpec,
} from '../../shared/ml';
import { decodeImages } from './images';

export interface TabularFile {
  columns: TabularColumn[];
  rows: TabularCell[][];
  labels: (string | number | null)[];
}

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

function classIndices(labels: (string | number | null)[], classes: string[]): { keep: number[]; y: number[] } {
  const lookup = new Map(classes.map((c, i) => [c, i] as const));
  const keep: number[] = [];
  const y: number[] = [];
  let unknown = 0;
  labels.forEach((label, i) => {
    const cls = label === null || label === undefined ? undefined : lookup.get(String(label));
    if (cls === undefined) unknown++;
    else {
      keep.push(i);
      y.push(cls);
    }
  });
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

/** The job's split over the kept rows: the core's when it gave one, else seeded and stratified by validationSplit. */
function splitRows(job: JobSpec, config: TrainConfig, keep: number[], labels: number[]): { train: number[]; val: number[] } {
  if (!job.split) return splitIndices(labels, config.validationSplit, config.seed);
  const at = new Map(keep.map((row, i) => [row, i] as const));
  const kept = (rows: number[]) => rows.flatMap((r) => (at.has(r) ? [at.get(r)!] : []));
  return { train: kept(job.split.train), val: kept(job.split.val) };
}

/** Reads the job's data file, splits it and fits preprocessing on train only. */
export async function prepareData(job: JobSpec, config: TrainConfig): Promise<PreparedData> {
  const file = path.resolve(job.jobDir, job.data.file);
  const raw = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  const given = job.resume?.preprocessing;
  if (given !== undefined && given !== null && !isPreprocessingSpec(given)) throw new Error('resume.preprocessing is not a preprocessing spec');

  let labels: number[];
  let features: (split: number[]) => Float32Array;
  let spec: PreprocessingSpec;
  let sampleShape: number[];
  let split: { train: number[]; val: number[] };

  if (job.data.kind === 'tabular') {
    const data = raw as TabularFile;
    const { keep, y } = classIndices(data.labels, job.classes);
    const rows = pick(data.rows, keep);
    labels = y;
    split = splitRows(job, config, keep, labels);
    const tab = (given as TabularSpec | null | undefined) ?? fitTabular(data.columns, pick(rows, split.train));
    if (tab.kind !== 'tabular') throw new Error('resume.preprocessing is not for tabular data');
    spec = tab;
    sampleShape = [tab.width];
    features = (idx) => transformTabular(tab, pick(rows, idx));
  } else {
    const data = raw as ImageFile;
    const { keep, y } = classIndices(data.items.map((it) => it.label), job.classes);
    const items = pick(data.items, keep);
    labels = y;
    split = splitRows(job, config, keep, labels);
    const img = (given as ImageSpec | null | undefined) ?? imageSpec(config.cnn.imageSize, config.cnn.channels);
    if (img.kind !== 'image') throw new Error('resume.preprocessing is not for image data');
    spec = img;
    sampleShape = [img.height, img.width, img.channels];
    const all = await decodeImages(items.map((it) => path.resolve(job.jobDir, it.path)), img, items.map((it) => it.name));
    const per = img.height * img.width * img.channels;
    features = (idx) => gather(all, per, idx);
  }

  const numClasses = job.classes.length;
  const make = (idx: number[]) => ({
    x: tf.tensor(features(idx), [idx.length, ...sampleShape]),
    y: oneHot(pick(labels, idx), numClasses),
  });
  if (split.train.length === 0) throw new Error('the training split is empty');
  const train = make(split.train);
  return {
    spec,
    sampleShape,
    x: train.x,
    y: train.y,
    val: split.val.length > 0 ? make(split.val) : null,
    trainRows: split.train.length,
    valRows: split.val.length,
  };
}
