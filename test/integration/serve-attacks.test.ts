import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listFiles, plantLinks, runAttacks, send, spawnServe, upgrade, type AttackTarget, type ServeProcess } from '../../bench/attacks';
import { cliOn, dataset, tempDir } from '../helpers';

// `cairn serve --host 0.0.0.0` as a user starts it, against the generated attack corpus that
// `npm run torture` counts (bench/attacks.ts), then the legitimate uses the defences must leave.

let serve: ServeProcess;
let target: AttackTarget;
let extra: string;

beforeAll(async () => {
  const root = tempDir('cairn-attacks-');
  const inside = path.join(root, 'project');
  const outside = path.join(root, 'outside');
  extra = path.join(root, 'extra');
  const dataDir = path.join(inside, '.cairn');
  for (const d of [inside, outside, extra]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(outside, 'secret.csv'), 'secret,label\n1,a\n');
  fs.copyFileSync(dataset('iris.csv'), path.join(inside, 'iris.csv'));
  serve = await spawnServe(dataDir, inside, ['--host', '0.0.0.0', '--allow-host', 'cairn.example.org', '--allow-path', extra]);
  target = { port: serve.port, token: serve.token, dataDir, inside, outside };
  plantLinks(target);
});
afterAll(async () => {
  await serve?.stop();
});

const auth = () => ({ Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json' });
const call = (name: string, input: unknown, headers: Record<string, string> = {}) =>
  send(target.port, { path: `/api/call/${name}`, headers: { ...auth(), ...headers }, body: JSON.stringify(input) });

describe('cairn serve --host 0.0.0.0', () => {
  it('says it is reachable from the network, what names it answers and which folders calls may use', () => {
    const out = serve.output();
    expect(out).toMatch(/reachable from the network and the token is its only key/);
    expect(out).toMatch(/answers requests addressed to localhost, .*cairn\.example\.org/);
    expect(out).toContain(
      `Calls may read and write files under: ${fs.realpathSync(path.join(target.dataDir, 'uploads'))}, ${fs.realpathSync(target.inside)}, ${fs.realpathSync(extra)}`,
    );
  });

  it('blocks every attack of the corpus with its status and a one-line answer, and keeps nothing', async () => {
    const results = await runAttacks(target);
    const through = results.filter((r) => !r.blocked).map((r) => `${r.attack.group}: ${r.attack.name} → ${r.status} ${r.body.slice(0, 120)}`);
    expect(through).toEqual([]);
    expect(results.length).toBeGreaterThan(300);
    for (const group of [
      'foreign Host',
      'foreign Origin',
      'token',
      'WebSocket frame',
      'path outside the roots',
      'malformed URL',
      'body',
      'filter',
      'aborted request',
    ]) {
      expect(results.some((r) => r.attack.group === group)).toBe(true);
    }
    // Paths are refused by name, in the contract's error shape.
    const refusal = results.find((r) => r.attack.name === 'datasets.export: a new file outside')!;
    expect(JSON.parse(refusal.body)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/new\.csv: outside the folders cairn serve may read and write/) },
    });
    const mlflow = results.find((r) => r.attack.name === 'MLflow, 11 MiB')!;
    expect(JSON.parse(mlflow.body)).toEqual({ error_code: 'RESOURCE_EXHAUSTED', message: 'The request body is larger than 10 MiB' });
    const api = results.find((r) => r.attack.name === 'API call, 11 MiB chunked')!;
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });

    expect((await send(target.port, { method: 'GET', path: '/healthz' })).status).toBe(200);
    expect(listFiles(target.outside)).toEqual(['secret.csv']);
    expect(fs.readFileSync(path.join(target.outside, 'secret.csv'), 'utf8')).toBe('secret,label\n1,a\n');
    // An interrupted upload's part-file goes once the server sees the reset.
    await vi.waitFor(() => expect(listFiles(path.join(target.dataDir, 'uploads'))).toEqual([]), { timeout: 5000 });
    expect(JSON.parse((await call('datasets.list', {})).body).value).toEqual([]);
    // Refusals are logged in one line each, never with a stack.
    expect(serve.output()).toMatch(/cairn serve: 400 GET "\/%E0%A4%A": malformed URL/);
    expect(serve.output()).not.toMatch(/\n\s+at /);
  });

  it('still answers its own names, the allowed one, same-origin pages, and paths inside its folders', async () => {
    const port = target.port;
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `${os.hostname()}:${port}`,
      `cairn.example.org:${port}`,
      'cairn.example.org',
    ]) {
      const res = await call('datasets.list', {}, { Host: host });
      expect(res.status, host).toBe(200);
    }
    expect((await call('datasets.list', {}, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` })).status).toBe(200);
    expect((await upgrade(port, `?token=${target.token}`, { Host: `${os.hostname()}:${port}`, Origin: `http://${os.hostname()}:${port}` })).status).toBe(101);

    const imported = await call('datasets.import', { path: 'iris.csv', name: 'iris' });
    expect(imported.status, imported.body).toBe(200);
    const id = JSON.parse(imported.body).value.id as number;
    const out = await call('datasets.export', { id, format: 'csv', path: path.join(target.inside, 'exports', 'iris.csv') });
    expect(out.status, out.body).toBe(200);
    expect(fs.readFileSync(path.join(target.inside, 'exports', 'iris.csv'), 'utf8').split('\n')[0]).toContain('sepal');
    const allowed = await call('datasets.export', { id, format: 'jsonl', path: path.join(extra, 'iris.jsonl') });
    expect(allowed.status, allowed.body).toBe(200);
    expect(fs.existsSync(path.join(extra, 'iris.jsonl'))).toBe(true);

    const up = await send(port, {
      path: '/upload?name=iris.csv',
      headers: { Authorization: `Bearer ${target.token}` },
      body: fs.readFileSync(dataset('iris.csv')),
    });
    expect(up.status, up.body).toBe(200);
    const fromUpload = await call('datasets.import', { path: JSON.parse(up.body).path, name: 'iris-upload' });
    expect(fromUpload.status, fromUpload.body).toBe(200);
  });

  it('closes event sockets opened with a token once `cairn token --rotate` replaces it, and refuses it over HTTP', async () => {
    const old = target.token;
    const ws = new WebSocket(`ws://127.0.0.1:${target.port}/api/events?token=${old}`);
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    const rotated = cliOn(target.dataDir)(['token', '--rotate']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const fresh = rotated.stdout.trim();
    expect(fresh).not.toBe(old);
    expect(await closed).toEqual({ code: 4001, reason: 'The access token was rotated' });

    expect((await send(target.port, { path: '/api/call/datasets.list', headers: { Authorization: `Bearer ${old}` }, body: '{}' })).status).toBe(401);
    expect((await upgrade(target.port, `?token=${old}`, {})).status).toBe(401);
    expect((await send(target.port, { path: '/api/call/datasets.list', headers: { Authorization: `Bearer ${fresh}` }, body: '{}' })).status).toBe(200);
    expect((await upgrade(target.port, `?token=${fresh}`, {})).status).toBe(101);
    target.token = fresh;
  });
});
