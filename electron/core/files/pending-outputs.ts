import fs from 'node:fs';
import path from 'node:path';
import { scratchName, scratchOwner, type Swept } from '../datasets/scratch-sweep';
import { isOtherProcessAlive, scratchInUse } from '../process-alive';

const PREFIX = 'output';

/**
 * An export's temp file or folder (`<out>.<pid>.tmp`, renamed into place when whole) lies
 * beside the user's path, where no sweep of the data folder looks. While it exists it is
 * recorded in the scratch folder, so the start-up after a killed export removes it.
 */
export async function withPendingOutput<T>(scratchDir: string, tmp: string, write: () => Promise<T>): Promise<T> {
  fs.mkdirSync(scratchDir, { recursive: true });
  const record = path.join(scratchDir, scratchName(PREFIX, '.json'));
  fs.writeFileSync(record, JSON.stringify({ tmp: path.resolve(tmp) }));
  try {
    return await write();
  } finally {
    fs.rmSync(record, { force: true });
  }
}

/** At start-up: the temp outputs of exports whose process died, and their records. */
export function sweepPendingOutputs(scratchDir: string, alive = isOtherProcessAlive): Swept {
  const swept: Swept = { count: 0, bytes: 0 };
  let names: string[];
  try {
    names = fs.readdirSync(scratchDir);
  } catch {
    return swept;
  }
  for (const name of names) {
    const owner = name.startsWith(`${PREFIX}-`) ? scratchOwner(name) : null;
    const record = path.join(scratchDir, name);
    try {
      if (owner === null || scratchInUse(owner, fs.statSync(record).mtimeMs, alive)) continue;
      const { tmp } = JSON.parse(fs.readFileSync(record, 'utf8')) as { tmp: unknown };
      // Only a temp name this code makes is removed, whatever the record says.
      if (typeof tmp === 'string' && path.isAbsolute(tmp) && tmp.endsWith('.tmp') && fs.existsSync(tmp)) {
        swept.bytes += sizeOf(tmp);
        fs.rmSync(tmp, { recursive: true, force: true });
        swept.count++;
      }
    } catch {
      // An unreadable record names nothing to remove.
    }
    fs.rmSync(record, { force: true });
  }
  return swept;
}

function sizeOf(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(p).reduce((n, name) => n + sizeOf(path.join(p, name)), 0);
}
