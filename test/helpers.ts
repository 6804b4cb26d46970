import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
/** Public datasets shipped beside the checkout (../shared/datasets), as in CI. */
export const SHARED_DATASETS = path.resolve(REPO_ROOT, '..', 'shared', 'datasets');
export const CLI = path.join(REPO_ROOT, 'bin', 'cairn.js');

export function tempDir(prefix = 'cairn-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
