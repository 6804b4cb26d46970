import path from 'node:path';

/** The folder holding package.json, resources/ and dist/, from dist/electron/core at run time. */
export const APP_ROOT = path.resolve(__dirname, '../../..');
export const SAMPLES_DIR = path.join(APP_ROOT, 'resources', 'samples');
export const WORKER_ENTRY = path.join(APP_ROOT, 'dist', 'electron', 'worker', 'main.js');
export const RENDERER_DIR = path.join(APP_ROOT, 'dist', 'renderer');

export function appVersion(): string {
  return (require(path.join(APP_ROOT, 'package.json')) as { version: string }).version;
}
