import type { CairnError } from '../../shared/api/contract';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EEXIST: 'already exists',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * A file-system failure on a path the user gave (an export target, an import source) is their
 * input, not a crash: one line naming the path and the reason, instead of an internal error.
 */
export function fsUserError(err: unknown): CairnError | null {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string') return null;
  // mkdir -p meets a file where a folder should be.
  const reason = e.code === 'EEXIST' && e.syscall === 'mkdir' ? 'is a file, not a folder' : REASONS[e.code];
  return reason ? { code: 'bad_request', message: `${e.path}: ${reason}` } : null;
}
