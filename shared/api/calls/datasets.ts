import { z } from 'zod';
import { datasetKey } from './keys';
import { userPath } from './user-path';
import type { DatasetInfo, DatasetVersionInfo } from '../../domain';
import type { QualityReport } from '../../quality/report';

export const datasetCalls = {
  'datasets.list': z.object({}),
  'datasets.get': z.object({ id: datasetKey }),
  /** One version (default: the latest) of a dataset given by id or name. */
  'datasets.version': z.object({ id: datasetKey, version: z.number().int().optional() }),
  /**
   * A CSV/TSV/JSON Lines table (also .gz), a .txt file of texts (one per line, unlabeled), or a
   * folder of images. A file under the data folder's uploads/ (see shared/api/upload.ts) is
   * consumed: removed once imported or rejected.
   */
  'datasets.import': z.object({
    path: userPath,
    name: z.string().trim().min(1).max(200),
    labelColumn: z.string().optional(),
    /** A table with no label column, to label later. */
    unlabeled: z.boolean().optional(),
    /** A `filename,label` CSV labeling a flat folder of images. */
    labels: userPath.optional(),
    /** Files in an image folder that are not images: left out (listed in `skipped`) or rejecting the import. */
    nonImages: z.enum(['skip', 'reject']).optional(),
  }),
  'datasets.importSamples': z.object({}),
  /** Missing values, duplicates, conflicting labels, imbalance, outliers, near-duplicate images. */
  'datasets.quality': z.object({ id: datasetKey, version: z.number().int().optional() }),
  'datasets.export': z.object({ id: datasetKey, version: z.number().int().optional(), format: z.enum(['csv', 'jsonl', 'coco', 'yolo']), path: userPath }),
  /** Added, removed and relabeled rows between two versions, and the runs that used each. */
  'datasets.diff': z.object({ id: datasetKey, from: z.number().int(), to: z.number().int() }),
  /** A stratified, seeded train/validation/test split stored with the version. */
  'datasets.split': z.object({
    id: datasetKey,
    version: z.number().int().optional(),
    validation: z.number().min(0).max(0.9).default(0.15),
    test: z.number().min(0).max(0.9).default(0.15),
    seed: z.number().int().min(0).default(42),
  }),
  'datasets.splits': z.object({ id: datasetKey, version: z.number().int().optional() }),
} satisfies Record<string, z.ZodType>;

export interface DatasetResults {
  'datasets.list': DatasetInfo[];
  'datasets.get': DatasetInfo & { versions: DatasetVersionInfo[] };
  'datasets.version': DatasetVersionInfo;
  /** `skipped`: files of an image folder left out because they are not images. */
  'datasets.import': DatasetInfo & { skipped: string[] };
  'datasets.importSamples': DatasetInfo[];
  'datasets.quality': QualityReport;
  'datasets.export': { path: string; rows: number };
  'datasets.diff': VersionDiffResult;
  'datasets.split': SplitSummary;
  'datasets.splits': SplitSummary | null;
}

export interface SplitSummary {
  validation: number;
  test: number;
  seed: number;
  counts: Record<'train' | 'validation' | 'test', number>;
  byClass: Record<string, Record<'train' | 'validation' | 'test', number>>;
}

export interface VersionDiffResult {
  from: number;
  to: number;
  added: number;
  removed: number;
  relabeled: number;
  unchanged: number;
  samples: { added: number[]; relabeled: { position: number; from: string | null; to: string | null }[] };
  runs: { from: string[]; to: string[] };
}
