import type { ColumnType } from '../../../shared/domain';
import { canonicalNumber, toCell } from './column-types';

/**
 * The stored row of `cells` at `columns`: exactly JSON.stringify of their cells (toCell), which
 * the item hashes are taken over. A number already written the way JavaScript prints it is copied
 * as it is; printing a double back is most of what stringifying a numeric table costs.
 */
export function rowJson(cells: readonly (string | undefined)[], columns: readonly number[], types: readonly ColumnType[]): string {
  const parts = new Array<string>(columns.length);
  for (let k = 0; k < columns.length; k++) {
    const c = columns[k]!;
    const raw = cells[c];
    const type = types[c]!;
    if (raw !== undefined && type === 'numeric' && !Number.isNaN(canonicalNumber(raw))) parts[k] = raw;
    else parts[k] = JSON.stringify(toCell(raw, type));
  }
  return `[${parts.join(',')}]`;
}
