import { test as base, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallInput, CallName, CallResults } from '../../shared/api/contract';

const ROOT = path.resolve(__dirname, '..', '..');
import { cliOn, cliProcess } from '../helpers';
export { dataset } from '../helpers';

export interface ServedApp {
  /** The URL `cairn serve` printed, token included. */
  url: string;
  dataDir: string;
  /** Runs the CLI against the same data folder and returns its parsed --json output. */
  cli(args: string[]): unknown;
  /** A call straight to `cairn serve`, as a script would make it: to set things up or check what the core stored. */
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResults[K]>;
  /** Opens the app (which takes the token from the URL), then the view at `hash` (e.g. `#/datasets/1`). */
  open(page: Page, hash: string): Promise<void>;
}

/**
 * Logs the page's errors and console errors, so a crash fails with its message instead of a
 * blank page, and returns them for tests that assert there were none. A refused call is an HTTP
 * 4xx, which Chromium logs as a failed load: `allowFailedLoads` leaves those out.
 */
export function watchErrors(page: Page, opts: { allowFailedLoads?: boolean } = {}): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => {
    console.log(`[pageerror] ${err.stack ?? err.message}`);
    errors.push(err.message);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') console.log(`[console.${msg.type()}] ${msg.text()} ${msg.location().url}`);
    if (msg.type() === 'error' && !(opts.allowFailedLoads && msg.text().startsWith('Failed to load resource'))) errors.push(msg.text());
  });
  return errors;
}

/** A fresh data folder and a `cairn serve` per test; the printed URL is the ready marker. */
export const test = base.extend<{ app: ServedApp }>({
  // Playwright reads the fixtures a fixture needs from its first parameter's pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-'));
    // Started in the checkout (the datasets), with the scratch folders the tests write allowed.
    const child: ChildProcess = cliProcess(dataDir, ['serve', '--port', '0', '--allow-path', os.tmpdir()], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
      const r = cliOn(dataDir)([...args, '--json']);
      if (r.code !== 0) throw new Error(`cairn ${args.join(' ')} failed: ${r.stderr}`);
      return JSON.parse(r.stdout);
    };
    const origin = new URL(url).origin;
    const token = new URL(url).searchParams.get('token');
    const call = async <K extends CallName>(name: K, input: CallInput<K>): Promise<CallResults[K]> => {
      const post = () =>
        fetch(`${origin}/api/call/${name}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
      // cli() blocks this process for seconds, so fetch's timer that drops idle sockets can't run:
      // it may reuse one the server closed meanwhile (keep-alive, 5 s). A second try gets a fresh one.
      const res = await post().catch((err: { cause?: { code?: string } }) => {
        if (err.cause?.code !== 'UND_ERR_SOCKET') throw err;
        return post();
      });
      const body = (await res.json()) as { ok: boolean; value: CallResults[K]; error?: { message: string } };
      if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
      return body.value;
    };
    const open = async (page: Page, hash: string) => {
      await page.goto(url);
      await page.goto(`${url.split('?')[0]}${hash}`);
    };
    await use({ url, dataDir, cli, call, open });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
