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
    const raw = cells[columns[k]];
    if (raw !== undefined && types[columns[k]] === 'numeric' && !Number.isNaN(canonicalNumber(raw))) parts[k] = raw;
    else parts[k] = JSON.stringify(toCell(raw, types[columns[k]]));
  }
  return `[${parts.join(',')}]`;
}
