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
