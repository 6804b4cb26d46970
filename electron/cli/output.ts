import { ENGINES } from '../../shared/domain';
import { UserError } from '../core/errors';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** A plain aligned table for people; scripts use --json. */
export function printTable(headers: string[], rows: (string | number | null | undefined)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  for (const r of cells)
    process.stdout.write(
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd() + '\n',
    );
}

/** A time as people read it at this terminal: local date and minutes, e.g. 2026-12-03 14:05. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function fmt(n: number | undefined, digits = 4): string {
  return n === undefined ? '' : Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

export function parseNumber(flag: string, integer: boolean) {
  return (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      throw new UserError(`${flag} expects ${integer ? 'an integer' : 'a number'}, got "${raw}"`);
    }
    return n;
  };
}

/** "name" or "name@3". */
export function parseDatasetRef(ref: string): { name: string; version?: number } {
  const at = ref.lastIndexOf('@');
  if (at <= 0) return { name: ref };
  const version = Number(ref.slice(at + 1));
  if (!Number.isInteger(version) || version < 1) throw new UserError(`"${ref}": the version after @ must be a positive integer`);
  return { name: ref.slice(0, at), version };
}

/** "name" or "name@3" as the calls take a dataset version. */
export function versionRef(ref: string): { datasetId: string; version?: number } {
  const { name, version } = parseDatasetRef(ref);
  return { datasetId: name, version };
}

/** The --engine choices for help text, from the one list of engines. */
export const ENGINE_CHOICES = `auto, ${ENGINES.slice(0, -1).join(', ')} or ${ENGINES[ENGINES.length - 1]}`;
