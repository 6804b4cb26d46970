import type { EvalSplit } from '../../../../shared/api/calls/evaluation';
import type { SplitSummary } from '../../../../shared/api/calls/datasets';
import type { CallInput } from '../../../../shared/api/contract';
import type { ColumnInfo } from '../../../../shared/domain';

/** A tabular dataset version with its columns, as offered in the data picker. */
export interface EvalDataChoice {
  /** `${datasetId}@${version}`: the <option> value. */
  key: string;
  datasetId: number;
  version: number;
  label: string;
  rows: number;
  labelColumn: string | null;
  classes: string[];
  columns: ColumnInfo[];
  /** Row counts of the version's stored split; null when it has none, undefined until read. */
  split?: SplitSummary['counts'] | null;
}

/** The data `<select>` value that means "the CSV path typed below". */
export const CSV_CHOICE = 'csv';

/** What the evaluation form holds: typed strings, turned into the call's input on submit. */
export interface EvalForm {
  model: string;
  /** A version key, or CSV_CHOICE. */
  data: string;
  dataPath: string;
  /** Part of the version's stored split; '' until chosen (test when it has one, else all). */
  split: EvalSplit | '';
  gatesText: string;
  saveGates: boolean;
  sensitive: string[];
  positive: string;
  values: { tp: string; fp: string; tn: string; fn: string };
}

export type EvalRequest = CallInput<'evaluations.run'>;

/** One gate per non-blank line; `#` starts a comment line so a team can annotate its list. */
export function parseGateLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** The part the form shows as chosen: the user's pick, else test when the version has a split. */
export function chosenSplit(f: EvalForm, choice: EvalDataChoice | undefined): EvalSplit {
  if (f.split) return f.split;
  return choice?.split ? 'test' : 'all';
}

/** The call's input from the form, or why it can't be sent yet. */
export function evaluationRequest(f: EvalForm, choices: EvalDataChoice[]): { ok: true; input: EvalRequest } | { ok: false; error: string } {
  const model = f.model.trim();
  if (!model) return { ok: false, error: 'Choose the model to evaluate' };
  let data: EvalRequest['data'];
  let split: EvalSplit | undefined;
  if (f.data === CSV_CHOICE) {
    if (!f.dataPath.trim()) return { ok: false, error: 'Type the path of a labelled CSV file' };
    data = { path: f.dataPath.trim() };
  } else {
    const v = choices.find((c) => c.key === f.data);
    if (!v) return { ok: false, error: 'Choose the data to evaluate on' };
    data = { datasetId: v.datasetId, version: v.version };
    // Until the version's split is read the core picks the same default.
    if (v.split !== undefined) split = chosenSplit(f, v);
  }
  // Outcome values are optional as a block: all blank sends none; otherwise a blank one is worth 0.
  const raw = [f.values.tp, f.values.fp, f.values.tn, f.values.fn].map((s) => s.trim());
  let values: EvalRequest['values'];
  if (raw.some(Boolean)) {
    const nums = raw.map((s) => (s === '' ? 0 : Number(s)));
    if (nums.some((n) => !Number.isFinite(n))) return { ok: false, error: 'Outcome values are numbers (value of one TP, FP, TN, FN)' };
    values = { tp: nums[0], fp: nums[1], tn: nums[2], fn: nums[3] };
  }
  return {
    ok: true,
    input: {
      model,
      data,
      ...(split && { split }),
      gates: parseGateLines(f.gatesText),
      sensitive: f.sensitive,
      ...(f.positive.trim() && { positive: f.positive.trim() }),
      ...(values && { values }),
      mitigation: { constraint: 'demographic_parity', tolerance: 0.05 },
      slices: { minCount: 30, bins: 4 },
      engine: 'auto',
    },
  };
}

/** Columns a fairness split can use: not the label, and few enough groups to compare. */
export function sensitiveCandidates(choice: EvalDataChoice | undefined, maxGroups = 20): ColumnInfo[] {
  if (!choice) return [];
  return choice.columns.filter((c) => c.name !== choice.labelColumn && c.distinct >= 2 && c.distinct <= maxGroups);
}
