import fs from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, resources/ and dist/: found upwards, since this file runs from dist/ and, in tests, from source. */
export const APP_ROOT = findRoot(__dirname);
export const SAMPLES_DIR = path.join(APP_ROOT, 'resources', 'samples');
export const WORKER_ENTRY = path.join(APP_ROOT, 'dist', 'electron', 'worker', 'main.js');
export const PROFILE_WORKER_ENTRY = path.join(APP_ROOT, 'dist', 'electron', 'core', 'datasets', 'profile-worker.js');
export const RENDERER_DIR = path.join(APP_ROOT, 'dist', 'renderer');

export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}
