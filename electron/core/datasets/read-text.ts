import fs from 'node:fs';
import { UserError } from '../errors';
import { formatBytes } from '../input-limits';

/**
 * A whole text file (an annotations JSON, a label file), refused in one line past `limit`
 * bytes instead of exhausting memory or V8's longest string (about 512 MiB) on the way.
 */
export function readTextFile(file: string, shown: string, limit: number, variable: string): string {
  const size = fs.statSync(file).size;
  if (size > limit) throw new UserError(`${shown}: larger than ${formatBytes(limit)} (${variable} raises the limit)`);
  return fs.readFileSync(file, 'utf8');
}
