import type { ModelSource } from '../registry/model-source';
import type { TableData } from './drift-service';

/** A model, its reference table (default: its training version) and the current table. */
export interface Monitored {
  source: ModelSource;
  reference: TableData;
  /** Reference rows the model was trained on (by content); null when its training rows are unknown. */
  referenceTrainingRows: number | null;
  current: TableData;
  labelColumn: string | null;
}
