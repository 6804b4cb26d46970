import fs from 'node:fs';

/** Characters held before a write: a write call per line costs more than its text. */
const FLUSH_CHARS = 1 << 20;

/** A text file written a line at a time, for files too big to build in memory (job inputs, predictions). */
export class LineFile {
  private readonly fd: number;
  private chunk = '';

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  add(line: string): void {
    this.chunk += `${line}\n`;
    if (this.chunk.length >= FLUSH_CHARS) this.flush();
  }

  close(): void {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
  }

  private flush(): void {
    if (this.chunk) fs.writeSync(this.fd, this.chunk);
    this.chunk = '';
  }
}

/** `values` as JSON Lines. */
export function writeJsonLines(file: string, values: readonly unknown[]): void {
  const out = new LineFile(file);
  try {
    for (const v of values) out.add(JSON.stringify(v));
  } finally {
    out.close();
  }
}
