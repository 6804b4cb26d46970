import fs from 'node:fs';
import path from 'node:path';
import { adultLines } from './helpers';

// Adult cut into "monthly" files for the pipeline tests: month 1 as it is, month 2 with a sudden
// shift (everyone's hours-per-week up 15 from its first row), month 3 drifting slowly (age creeps
// up over the month, by 5 years at its end).

export const MONTH = 3000;

export interface AdultMonths {
  header: string[];
  /** A column's index. */
  col(name: string): number;
  /** Month `n`'s rows (the n-th block of MONTH rows), unchanged. */
  month(n: number): string[][];
  sudden(): string[][];
  gradual(): string[][];
}

export function adultMonths(): AdultMonths {
  const [head, ...lines] = adultLines();
  const header = head.split(',');
  const rows = lines.map((l) => l.split(','));
  const col = (name: string) => header.indexOf(name);
  const month = (n: number) => rows.slice((n - 1) * MONTH, n * MONTH);
  const shifted = (n: number, name: string, by: (i: number) => number) =>
    month(n).map((r, i) => {
      const out = [...r];
      out[col(name)] = String(Number(r[col(name)]) + by(i));
      return out;
    });
  return {
    header,
    col,
    month,
    sudden: () => shifted(2, 'hours-per-week', () => 15),
    gradual: () => shifted(3, 'age', (i) => Math.floor((6 * i) / MONTH)),
  };
}

/** Written beside the folder and renamed in, as a file drop should be, and dated so the months keep their order. */
export function dropMonth(folder: string, name: string, header: string[], rows: string[][], month: number): void {
  const tmp = path.join(path.dirname(folder), `.${name}`);
  fs.writeFileSync(tmp, [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  const when = new Date(Date.UTC(2026, month - 1, 28));
  fs.utimesSync(tmp, when, when);
  fs.renameSync(tmp, path.join(folder, name));
}
