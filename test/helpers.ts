import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
const SAMPLES = path.join(REPO_ROOT, 'resources', 'samples');
const TEST_DATA = path.join(REPO_ROOT, 'test', 'fixtures', 'datasets');

/**
 * A public dataset in the repo: the app's shipped samples first, then the test-only files
 * (Adult). Tests never read outside the checkout, so a bare clone runs them all.
 */
export function dataset(file: string, ...rest: string[]): string {
  const root = fs.existsSync(path.join(SAMPLES, file)) ? SAMPLES : TEST_DATA;
  return path.join(root, file, ...rest);
}
export const CLI = path.join(REPO_ROOT, 'bin', 'cairn.js');

export function tempDir(prefix = 'cairn-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
