import type { CallInput } from '../../../../shared/api/contract';

/** A tabular dataset version the report can compare, as offered in the pickers. */
export interface VersionChoice {
  /** `${datasetId}@${version}`: the <option> value. */
  key: string;
  datasetId: number;
  version: number;
  label: string;
  rows: number;
  datasetName: string;
  /** Feature columns: a label column alone in common (every sample's is "label") compares nothing. */
  columns: string[];
}

/** A model's training data, by dataset name and version (the champion's, for the default reference). */
export interface TrainedOn {
  name: string;
  version: number;
}

function sharesColumns(a: VersionChoice, b: VersionChoice): boolean {
  const names = new Set(a.columns);
  return b.columns.some((c) => names.has(c));
}

/**
 * The pair the form opens with: the champion's training data against the newest other version of
 * the same dataset; else the first two versions that share a column. Never a pair with nothing in
 * common, whose report could only fail. `versions` lists each dataset newest first.
 */
export function defaultPair(versions: VersionChoice[], champion: TrainedOn | null): { reference: string; current: string } | null {
  if (champion) {
    const ref = versions.find((v) => v.datasetName === champion.name && v.version === champion.version);
    const newest = ref && versions.find((v) => v.datasetId === ref.datasetId && v.key !== ref.key && sharesColumns(ref, v));
    if (ref && newest) return { reference: ref.key, current: newest.key };
  }
  for (const cur of versions) {
    // An older version is the usual reference for a newer one.
    const ref = versions.find((v) => v.key !== cur.key && sharesColumns(cur, v));
    if (ref) return { reference: ref.key, current: cur.key };
  }
  return null;
}

/** Why the chosen pair can't be compared, or null when it can. */
export function pairProblem(s: Pick<DriftPickers, 'versions' | 'reference' | 'current'>): string | null {
  const ref = s.versions.find((v) => v.key === s.reference);
  const cur = s.versions.find((v) => v.key === s.current);
  if (ref && cur && !sharesColumns(ref, cur))
    return `${ref.label} and ${cur.label} share no feature column, so there is nothing to compare: choose versions of the same table`;
  return null;
}

/** The current data's `<select>` value that means "the CSV path typed below". */
export const CSV_CHOICE = 'csv';

/** What the drift form holds: option keys and typed text. */
export interface DriftPickers {
  versions: VersionChoice[];
  reference: string;
  /** A version key, or CSV_CHOICE. */
  current: string;
  currentPath: string;
  share: string;
}

export type DriftRequest = CallInput<'monitoring.drift'>;

/** The call's input from the pickers, or why it can't be sent yet. */
export function driftRequest(s: DriftPickers): { ok: true; input: DriftRequest } | { ok: false; error: string } {
  const ref = s.versions.find((v) => v.key === s.reference);
  if (!ref) return { ok: false, error: 'Choose a reference version' };
  const share = Number(s.share);
  if (!(share > 0 && share <= 1)) return { ok: false, error: 'The share threshold is a fraction in (0, 1]' };
  const problem = pairProblem(s);
  if (problem) return { ok: false, error: problem };
  let current: DriftRequest['current'];
  if (s.current === CSV_CHOICE) {
    if (!s.currentPath.trim()) return { ok: false, error: 'Type the path of the current CSV file' };
    current = { path: s.currentPath.trim() };
  } else {
    const cur = s.versions.find((v) => v.key === s.current);
    if (!cur) return { ok: false, error: 'Choose the current data' };
    current = { datasetId: cur.datasetId, version: cur.version };
  }
  return { ok: true, input: { reference: { datasetId: ref.datasetId, version: ref.version }, current, shareThreshold: share } };
}
