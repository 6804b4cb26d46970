import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Cairn';

/**
 * The data folder: `--data-dir`, then CAIRN_DATA_DIR, then the folder Electron would use as
 * userData, so the CLI and the desktop app share one store by default.
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env, fallback = path.join(appDataRoot(env), APP_NAME)): string {
  const chosen = flag ?? env.CAIRN_DATA_DIR;
  return path.resolve(chosen || fallback);
}

function appDataRoot(env: NodeJS.ProcessEnv): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support');
    default:
      return env.XDG_CONFIG_HOME ?? path.join(home, '.config');
  }
}

export interface DataPaths {
  root: string;
  database: string;
  files: string;
  jobs: string;
  /** Thumbnails made from stored images; safe to delete, they are made again on demand. */
  thumbs: string;
  token: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: path.join(root, 'cairn.db'),
    files: path.join(root, 'files'),
    jobs: path.join(root, 'jobs'),
    thumbs: path.join(root, 'thumbs'),
    token: path.join(root, 'serve-token'),
  };
}

/**
 * Creates the data folder private to its user (0700) and the database file 0600, and tightens
 * looser modes left by older versions: the folder holds every dataset, model and the serve
 * token. SQLite gives -wal and -shm the database file's mode. Other files made inside are
 * unreachable through the folder, and private anyway under the entry points' umask
 * (restrictNewFiles). POSIX only: Windows keeps its per-user profile ACLs.
 */
export function openDataDir(root: string): DataPaths {
  const paths = dataPaths(root);
  const existed = fs.existsSync(root);
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return paths;
  // A folder that was there before and holds no store is someone else's (a project, a home,
  // /tmp): it is used as it is, only Cairn's own files in it made private.
  if (!existed || fs.existsSync(paths.database)) tighten(root, 0o700);
  if (!fs.existsSync(paths.database)) fs.closeSync(fs.openSync(paths.database, 'a', 0o600));
  for (const file of [paths.database, `${paths.database}-wal`, `${paths.database}-shm`, paths.token]) tighten(file, 0o600);
  return paths;
}

/** Best effort: a folder or file owned by someone else (a shared folder) keeps its mode. */
function tighten(file: string, mode: number): void {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st || (st.mode & 0o777 & ~mode) === 0 || st.mode & 0o1000 || (process.getuid && st.uid !== process.getuid())) return;
  fs.chmodSync(file, mode);
}

/**
 * Files this process (and the workers it starts, which inherit it) creates are private to the
 * user: a umask rather than a mode at each of the many places that write into the data folder
 * (blobs, thumbnails, jobs, staging, uploads, settings). Exports are made private too; the
 * user widens them with chmod. Called by the CLI and the desktop app's entry points only, never
 * by library code or tests, since it changes the whole process.
 */
export function restrictNewFiles(): void {
  if (process.platform !== 'win32') process.umask(0o077);
}
