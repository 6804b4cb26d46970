import fs from 'node:fs';
import { UserError } from '../errors';

// The two ways a healthy store refuses a write: another process holds the write lock longer
// than we wait (busy), or the disk under the data folder has no room left (full).

export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/** Free space on the disk holding `dir`, in whole MB; null where it cannot be read. */
export function freeMb(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return Math.floor((s.bavail * s.bsize) / 1024 / 1024);
  } catch {
    return null;
  }
}

export function diskFullMessage(dataDir: string): string {
  const free = freeMb(dataDir);
  return `The disk holding the data folder ${dataDir} is full (${free === null ? 'unknown' : free} MB free)`;
}

export function busyMessage(dataDir: string): string {
  return `The data folder ${dataDir} is busy: another Cairn process kept its database locked; try again`;
}

/** A store failure the user can act on, as one line; null for anything else. */
export function storeUserError(err: unknown, dataDir: string): UserError | null {
  if (isDiskFull(err)) return new UserError(diskFullMessage(dataDir), 'internal');
  if (isBusy(err)) return new UserError(busyMessage(dataDir), 'conflict');
  return null;
}
