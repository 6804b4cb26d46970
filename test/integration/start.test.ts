import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers';

const electronPresent = (() => {
  const pkg = path.join(REPO_ROOT, 'node_modules', 'electron');
  const txt = path.join(pkg, 'path.txt');
  return fs.existsSync(txt) && fs.existsSync(path.join(pkg, 'dist', fs.readFileSync(txt, 'utf8')));
})();

// Where the Electron runtime can't be downloaded (this kind of machine), `npm start` must say so
// in one line and serve the app in the browser instead.
it.skipIf(electronPresent)('npm start falls back to cairn serve, saying why, and prints the URL', async () => {
  const dataDir = tempDir('cairn-start-');
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.js'), '--no-build', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 120 s: ${out}`)), 120_000);
      child.stdout.on('data', () => {
        if (/Open http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^Electron cannot run here: .+\. Starting `cairn serve` instead; open the URL below in a browser\.$/);
    expect(out).toContain(`Cairn is serving ${dataDir}`);
    const url = out.match(/Open (\S+)/)![1];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});
