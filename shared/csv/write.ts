// CSV as RFC 4180 writes it, one rule for every file Cairn writes (exports, predictions, the
// tables handed to a worker): a field is quoted when it holds a comma, a quote or a line break,
// or starts or ends with whitespace, which readers (Cairn's own, pandas with skipinitialspace)
// would otherwise trim. A missing value, or a number that is not finite, is an empty field.

export type CsvCell = string | number | boolean | null | undefined;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}
