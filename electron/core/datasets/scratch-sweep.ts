import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isOtherProcessAlive, scratchInUse } from '../process-alive';

/** Older than any import could still be writing; younger files of a live process may be in use. */
const STALE_MS = 24 * 3600 * 1000;
const OWNED = /^[a-z]+-(\d+)-[0-9a-f]{16}/;

/** A scratch file's name, `<kind>-<pid>-<random><rest>`: the pid says whose it is once that process is gone. */
export function scratchName(kind: string, rest = ''): string {
  return `${kind}-${process.pid}-${crypto.randomBytes(8).toString('hex')}${rest}`;
}

/** The pid a scratch name carries, or null for names without one. */
export function scratchOwner(name: string): number | null {
  const m = OWNED.exec(name);
  return m ? Number(m[1]) : null;
}

export interface Swept {
  count: number;
  bytes: number;
}

/**
 * Removes scratch files a crashed or killed import left behind (number spills, half-copied
 * blobs, uploads never imported): at once when the process their name carries is
 * gone, else once untouched for a day (names without a pid; a pid reused by another program).
 */
export function sweepScratch(dirs: string[], now = Date.now(), alive = isOtherProcessAlive): Swept {
  const swept: Swept = { count: 0, bytes: 0 };
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
        const stat = fs.statSync(file);
        const owner = scratchOwner(name);
        if ((owner !== null && !scratchInUse(owner, stat.mtimeMs, alive)) || now - stat.mtimeMs > STALE_MS) {
          fs.rmSync(file, { recursive: true, force: true });
          swept.count++;
          swept.bytes += stat.isFile() ? stat.size : 0;
        }
      } catch {
        // Gone already (another process swept it): nothing to do.
      }
    }
  }
  return swept;
}
