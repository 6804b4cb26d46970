#!/usr/bin/env node
'use strict';
// `npm start`: build, then launch the desktop app. Where the Electron runtime can't be had or
// can't start (no download allowed, no display), say so in one line and serve the same app
// in the browser with `cairn serve` instead.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// --no-build skips the build (it is current already); other arguments go to the app, e.g. --data-dir.
const noBuild = process.argv.includes('--no-build');
const args = process.argv.slice(2).filter((a) => a !== '--no-build');
const EARLY_EXIT_MS = 8000;

function build() {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The Electron executable, downloading it once if npm did not; null with the reason if impossible. */
function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!fs.existsSync(pkg)) return { reason: 'the electron package is not installed' };
  const pathTxt = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathTxt) || !fs.existsSync(path.join(pkg, 'dist', fs.readFileSync(pathTxt, 'utf8')))) {
    const r = spawnSync(process.execPath, [path.join(pkg, 'install.js')], { cwd: pkg, stdio: 'pipe', timeout: 300_000 });
    if (r.status !== 0) {
      const why = `${r.stderr || ''}`.split('\n').find((l) => /Error/.test(l)) || 'download failed';
      return { reason: `the Electron runtime could not be downloaded (${why.trim()})` };
    }
  }
  try {
    return { bin: require(pkg) };
  } catch (err) {
    return { reason: err.message.split('\n')[0] };
  }
}

function serveInstead(reason) {
  process.stdout.write(`Electron cannot run here: ${reason}. Starting \`cairn serve\` instead; open the URL below in a browser.\n`);
  const child = spawn(process.execPath, [path.join(root, 'bin', 'cairn.js'), ...args, 'serve'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

if (!noBuild) build();
const found = electronBinary();
if (!found.bin) {
  serveInstead(found.reason);
} else {
  const started = Date.now();
  let stderr = '';
  const child = spawn(found.bin, [root, ...args], { cwd: root, stdio: ['inherit', 'inherit', 'pipe'] });
  child.stderr.on('data', (c) => {
    stderr += c;
    process.stderr.write(c);
  });
  child.on('error', (err) => serveInstead(`Electron failed to start (${err.message})`));
  child.on('exit', (code, signal) => {
    if (code !== 0 && Date.now() - started < EARLY_EXIT_MS) {
      const line = stderr.split('\n').find((l) => l.trim()) || `exit code ${code ?? signal}`;
      serveInstead(`Electron exited at start-up (${line.trim()})`);
    } else process.exit(code ?? 0);
  });
}
