import fs from 'node:fs';
import path from 'node:path';
import { scratchName } from './scratch-sweep';

const BUFFERED = 65_536;

/**
 * The values of a numeric column with too many distinct values to count as the file streams:
 * written to a scratch file as doubles, then counted exactly by sorting them (8 bytes a row, one
 * column at a time), several times faster than SQL's COUNT(DISTINCT) on a million rows.
 */
export class NumberSpill {
  private readonly file: string;
  private readonly fd: number;
  private buffer = new Float64Array(BUFFERED);
  private used = 0;
  private total = 0;

  constructor(dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, scratchName('numbers', '.f64'));
    this.fd = fs.openSync(this.file, 'w+');
  }

  add(v: number): void {
    this.buffer[this.used++] = v;
    if (this.used === BUFFERED) this.flush();
  }

  /** Distinct values, as a Set of numbers would count them (0 and -0 are one). */
  distinct(): number {
    this.flush();
    const values = new Float64Array(this.total);
    fs.readSync(this.fd, values, 0, values.byteLength, 0);
    values.sort();
    let count = 0;
    for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) count++;
    return count;
  }

  remove(): void {
    fs.closeSync(this.fd);
    fs.rmSync(this.file, { force: true });
  }

  private flush(): void {
    if (this.used === 0) return;
    fs.writeSync(this.fd, this.buffer, 0, this.used * 8, this.total * 8);
    this.total += this.used;
    this.used = 0;
  }
}
