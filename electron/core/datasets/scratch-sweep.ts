import fs from 'node:fs';
import path from 'node:path';

/** Older than any import could still be running; younger files may belong to another process on the same folder. */
const STALE_MS = 24 * 3600 * 1000;

/**
 * Removes scratch files a crashed import left behind (staging databases, half-copied blobs,
 * uploads never imported). Every Cairn process may be importing into the same data folder, so
 * only files untouched for a day go.
 */
export function sweepScratch(dirs: string[], now = Date.now()): number {
  let removed = 0;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        if (now - fs.statSync(file).mtimeMs > STALE_MS) {
          fs.rmSync(file, { recursive: true, force: true });
          removed++;
        }
      } catch {
        // Gone already (another process swept it): nothing to do.
      }
    }
  }
  return removed;
}
