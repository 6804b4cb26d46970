import { MlflowError } from './mlflow-types';

// MLflow's default experiment is id "0", named "Default"; Cairn's is its first experiment row
// (created by the first migration, also named "Default"). The two are the same experiment: the
// row keeps its id, so Cairn's own references stay valid, and answers name it "0".

export const DEFAULT_EXPERIMENT_ROW = 1;

export function toMlflowExperimentId(row: number): string {
  return row === DEFAULT_EXPERIMENT_ROW ? '0' : String(row);
}

/** An MLflow experiment id as the row it names; "1" is the default too, as Cairn answered before "0". */
export function fromMlflowExperimentId(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${id} exists`);
  const n = Number(id);
  return n === 0 ? DEFAULT_EXPERIMENT_ROW : n;
}
