// CSV text Cairn writes (RFC 4180): a field is quoted when it holds a comma, quote or line break,
// or starts or ends with whitespace, which readers that trim would otherwise lose.

export type CsvCell = string | number | boolean | null | undefined;

/** Missing and non-finite numbers are empty fields. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}
