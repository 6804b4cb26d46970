import { test as base } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'cairn.js');
export const SHARED_DATASETS = path.resolve(ROOT, '..', 'shared', 'datasets');

export interface ServedApp {
  /** The URL `cairn serve` printed, token included. */
  url: string;
  dataDir: string;
  /** Runs the CLI against the same data folder and returns its parsed --json output. */
  cli(args: string[]): unknown;
}

/** A fresh data folder and a `cairn serve` per test; the printed URL is the ready marker. */
export const test = base.extend<{ app: ServedApp }>({
  app: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-'));
    const child: ChildProcess = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c) => (stderr += c));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`cairn serve did not print a URL: ${out}${stderr}`)), 30_000);
      child.stdout?.on('data', (c) => {
        out += c;
        const m = out.match(/Open (http\S+)/);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`cairn serve exited with ${code}: ${stderr}`)));
    });
    const cli = (args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, '--data-dir', dataDir, ...args, '--json'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`cairn ${args.join(' ')} failed: ${r.stderr}`);
      return JSON.parse(r.stdout);
    };
    await use({ url, dataDir, cli });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
