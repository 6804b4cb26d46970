import fs from 'node:fs';

/** `values` as JSON Lines, written a few thousand lines at a time. */
export function writeJsonLines(file: string, values: readonly unknown[]): void {
  const out = new JsonLinesFile(file);
  try {
    for (const v of values) out.add(v);
  } finally {
    out.close();
  }
}

/** A JSON Lines file written as values come, a few thousand lines at a time (see PredictJob). */
export class JsonLinesFile {
  private readonly fd: number;
  private lines: string[] = [];

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  add(value: unknown): void {
    if (this.lines.push(JSON.stringify(value)) === 4096) this.flush();
  }

  close(): void {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
  }

  private flush(): void {
    if (this.lines.length) fs.writeSync(this.fd, this.lines.join('\n') + '\n');
    this.lines = [];
  }
}
