import { z } from 'zod';
import { userPath } from './user-path';
import type { EngineInfo } from '../../domain';
import { ENGINES } from '../../domain';

/** Where a version came from and how it was trained; for a run, read from the run. */
export interface ModelLineage {
  runId: string | null;
  runName: string | null;
  /** `rows`: the version's row count; absent in bundles from before Cairn recorded it. */
  dataset: { name: string; version: number; hash: string; rows?: number } | null;
  config: unknown;
  /** Last value of each model metric; never the `system/*` samples of the training process. */
  metrics: Record<string, number>;
  engine: EngineInfo | null;
  /** Set when the version came from a bundle: the file and what its manifest said about its source. */
  imported: { file: string; manifestSource: unknown } | null;
  /** The rows the run fitted and validated on; absent for runs from before Cairn recorded them. */
  trainingRows?: TrainingRowsSummary | null;
}

/** Where a run's training rows came from: the version's stored split, or the config's validation fraction. */
export interface TrainingRowsSummary {
  source: 'split' | 'fraction';
  /** The config's validationSplit when it drew the rows; null when the stored split did (it is ignored then). */
  validationFraction: number | null;
  seed: number;
  trainRows: number;
  validationRows: number;
}

export interface ModelVersionInfo {
  id: number;
  model: string;
  version: number;
  runId: string | null;
  source: 'run' | 'import';
  description: string;
  classes: string[];
  createdAt: number;
  aliases: string[];
  lineage: ModelLineage;
}

export interface AliasMove {
  alias: string;
  version: number;
  previousVersion: number | null;
  movedAt: number;
  reason: string | null;
  /** True when the move skipped a check (champion without a passing evaluation). */
  override: boolean;
}

export interface ModelInfo {
  id: number;
  name: string;
  createdAt: number;
  versions: ModelVersionInfo[];
  /** alias -> version number */
  aliases: Record<string, number>;
}

export interface ModelDetail extends ModelInfo {
  aliasHistory: AliasMove[];
}

export interface GateStatus {
  /** passed: the newest held-out evaluation met gates it had; anything else needs a reason for champion. */
  status: 'none' | 'passed' | 'failed' | 'no_gates' | 'training_data';
  evaluationId: number | null;
  evaluatedAt: number | null;
  report: unknown;
  message: string;
}

export interface BundleFileEntry {
  path: string;
  sha256: string;
  size: number;
}

export interface ExportResult {
  path: string;
  files: BundleFileEntry[];
  onnx: { included: boolean; reason: string | null };
}

export interface PredictionRow {
  id: string;
  predicted: string;
  probabilities: number[];
}

export interface PredictResult {
  model: { label: string; name: string | null; version: number | null; runId: string | null };
  classes: string[];
  rows: number;
  out: string | null;
  /** The first `preview` rows; the whole result is in `out`. */
  predictions: PredictionRow[];
}

const modelName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !s.includes('@'), 'a model name cannot contain "@"');
const alias = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an alias starts with a letter and holds letters, digits, "-" or "_"');
/** A run id, `name@alias` or `name@version`. */
const modelRef = z.string().trim().min(1).max(300);

export const modelCalls = {
  'models.list': z.object({}),
  'models.get': z.object({ name: modelName }),
  'models.register': z.object({ runId: z.string().min(1).max(64), name: modelName, description: z.string().max(10000).default('') }),
  'models.alias': z.object({ name: modelName, version: z.number().int().min(1), alias, reason: z.string().trim().min(1).max(2000).optional() }),
  'models.export': z.object({ ref: modelRef, path: userPath }),
  'models.import': z.object({ path: userPath, name: modelName, description: z.string().max(10000).default('') }),
  'models.predict': z.object({
    ref: modelRef,
    input: userPath,
    out: userPath.optional(),
    engine: z.enum(['auto', ...ENGINES]).default('auto'),
    preview: z.number().int().min(0).max(10000).default(100),
  }),
} satisfies Record<string, z.ZodType>;

export interface ModelResults {
  'models.list': ModelInfo[];
  'models.get': ModelDetail;
  'models.register': ModelVersionInfo;
  'models.alias': ModelDetail;
  'models.export': ExportResult;
  'models.import': ModelVersionInfo;
  'models.predict': PredictResult;
}
