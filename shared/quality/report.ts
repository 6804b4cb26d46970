import type { DatasetVersionInfo } from '../domain';
import type { ColumnProfile } from './column-profile';
import type { ClassBalance, DuplicateGroup } from './duplicates';

export interface QualityFinding {
  kind:
    | 'missing'
    | 'duplicates'
    | 'conflicting_labels'
    | 'class_imbalance'
    | 'outliers'
    | 'near_duplicates'
    | 'constant_column'
    | 'label_errors'
    | 'unreadable_images';
  severity: 'info' | 'warning' | 'error';
  message: string;
  /** Row positions in the version, so the UI can open those items (label_errors: worst label first). */
  rows: number[];
}

export interface QualityReport {
  dataset: string;
  version: number;
  kind: DatasetVersionInfo['kind'];
  rows: number;
  columns: ColumnProfile[];
  duplicates: DuplicateGroup[];
  nearDuplicates: { a: number; b: number; distance: number }[];
  classBalance: ClassBalance | null;
  findings: QualityFinding[];
}
