import type { CallInput } from '../../../../shared/api/contract';

/** A tabular dataset version the report can compare, as offered in the pickers. */
export interface VersionChoice {
  /** `${datasetId}@${version}`: the <option> value. */
  key: string;
  datasetId: number;
  version: number;
  label: string;
  rows: number;
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
