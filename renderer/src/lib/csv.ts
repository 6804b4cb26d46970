// CSV text for exports: the one writer in shared/csv, and the browser download.

export { csvField, csvLine, type CsvCell } from '../../../shared/csv/write';

/** Hands `text` to the browser as a file download, without a server round trip. */
export function downloadText(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has been handed off by now; revoking later keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
