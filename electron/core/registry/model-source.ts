import type { ModelLineage } from '../../../shared/api/calls/models';
import type { PreprocessingSpec } from '../../../shared/ml';

/** Artifact names of a model's two tfjs files, for runs and registry versions alike. */
export const MODEL_TOPOLOGY = 'model/model.json';
export const MODEL_WEIGHTS = 'model/weights.bin';

/** Whatever a reference (run id, name@alias, name@version) resolves to: enough to predict or export. */
export interface ModelSource {
  /** How to name it to a person: "iris-model v2" or "run 3f2a…". */
  label: string;
  runId: string | null;
  model: { name: string; version: number; versionId: number } | null;
  classes: string[];
  preprocessing: PreprocessingSpec | null;
  /** Stored file name -> content hash; holds at least MODEL_TOPOLOGY and MODEL_WEIGHTS. */
  files: Record<string, string>;
  lineage: ModelLineage;
  createdAt: number;
}

/** "name@alias" / "name@3" / "name@v3", or null for a run id. */
export function parseModelRef(ref: string): { name: string; alias: string | null; version: number | null } | null {
  const at = ref.lastIndexOf('@');
  if (at < 0) return null;
  const name = ref.slice(0, at);
  const tail = ref.slice(at + 1);
  const num = /^v?(\d+)$/.exec(tail);
  if (num) return { name, alias: null, version: Number(num[1]) };
  return { name, alias: tail, version: null };
}
