import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreChange } from '../../shared/api/contract';
import { Core } from '../../electron/core/core';
import { startServer, type RunningServer } from '../../electron/server/http-server';
import { readOrCreateToken, rotateToken, tokenReader } from '../../electron/server/token';
import { dataset, tempDir } from '../helpers';

let core: Core;
let server: RunningServer;
let dataDir: string;
let token: string;

beforeAll(async () => {
  dataDir = path.join(tempDir(), 'data');
  core = new Core({ dataDir, transport: 'http' });
  token = readOrCreateToken(dataDir);
  server = await startServer(core, {
    host: '127.0.0.1',
    port: 0,
    token: tokenReader(dataDir),
    staticDir: tempDir(),
    allowPaths: [path.dirname(dataset('iris.csv'))],
  });
});
afterAll(async () => {
  await server.close();
  core.close();
});

function request(pathname: string, opts: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: pathname, method: opts.method ?? 'POST', headers: { 'Content-Type': 'application/json', ...opts.headers } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    req.end();
  });
}

const auth = () => ({ Authorization: `Bearer ${token}` });

describe('cairn serve', () => {
  it('keeps the token across restarts until rotated', () => {
    expect(readOrCreateToken(dataDir)).toBe(token);
    expect(token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses API calls without the right token', async () => {
    const none = await request('/api/call/datasets.list', { body: {} });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await request('/api/call/datasets.list', { body: {}, headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('refuses foreign Host and Origin headers (DNS rebinding, cross-site)', async () => {
    const host = await request('/api/call/datasets.list', { body: {}, headers: { ...auth(), Host: 'evil.example:80' } });
    expect(host.status).toBe(403);
    const origin = await request('/api/call/datasets.list', { body: {}, headers: { ...auth(), Origin: 'http://evil.example' } });
    expect(origin.status).toBe(403);
  });

  it('answers calls with the contract envelope and maps errors to statuses', async () => {
    const ok = await request('/api/call/experiments.list', { body: {}, headers: auth() });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: [{ name: 'Default' }] });
    const unknown = await request('/api/call/nope.nothing', { body: {}, headers: auth() });
    expect(unknown.status).toBe(404);
    const invalid = await request('/api/call/runs.get', { body: { id: 5 }, headers: auth() });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).error.message).toMatch(/^id:/);
    expect(JSON.parse(invalid.body).error.issues).toEqual([{ path: ['id'], message: expect.any(String) }]);
    const noDialog = await request('/api/call/dialog.openPath', { body: { kind: 'file' }, headers: auth() });
    expect(noDialog.status).toBe(501);
    expect(JSON.parse(noDialog.body).error.code).toBe('unsupported');
    const notFound = await request('/api/call/runs.get', { body: { id: 'abc' }, headers: auth() });
    expect(notFound.status).toBe(404);
    const badJson = await request('/api/call/runs.get', { body: '{nope', headers: auth() });
    expect(badJson.status).toBe(400);
  });

  it('pushes events over the WebSocket to clients with the token', async () => {
    const rejected = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=wrong`);
      ws.on('error', () => resolve(true));
      ws.on('open', () => resolve(false));
    });
    expect(rejected).toBe(true);

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${token}`);
    await new Promise((r) => ws.on('open', r));
    // The import's progress events come first; the store's changes as each write commits.
    const changes: StoreChange[] = [];
    const progress: string[] = [];
    ws.on('message', (m) => {
      const f = JSON.parse(String(m));
      if (f.event === 'changed') changes.push(f.payload);
      else progress.push(f.event);
    });
    const res = await request('/api/call/datasets.import', { body: { path: dataset('iris.csv'), name: 'iris' }, headers: auth() });
    expect(res.status).toBe(200);
    const id = JSON.parse(res.body).value.id;
    await expect.poll(() => changes.some((c) => c.ids.datasets?.includes(id) && !c.external)).toBe(true);
    expect(progress).toContain('datasets.importProgress');
    expect(changes.flatMap((c) => c.tables)).toEqual(expect.arrayContaining(['datasets', 'dataset_versions', 'items', 'version_items']));

    // Another connection's write (as the CLI's would be) reaches the socket too, seen through the store.
    const other = new Core({ dataDir, transport: 'http' });
    try {
      expect(await other.dispatch('labels.setSchema', { datasetId: id, task: 'single', classes: [{ name: 'a' }, { name: 'b' }] })).toMatchObject({ ok: true });
    } finally {
      other.close();
    }
    await expect
      .poll(() => changes.find((c) => c.external && c.tables.includes('label_schemas')))
      .toEqual({ tables: ['label_schemas'], ids: { label_schemas: [id] }, external: true });
    ws.close();
  });

  it('stops accepting the old token once rotated', async () => {
    const old = token;
    token = rotateToken(dataDir);
    expect(token).not.toBe(old);
    const stale = await request('/api/call/experiments.list', { body: {}, headers: { Authorization: `Bearer ${old}` } });
    expect(stale.status).toBe(401);
    const fresh = await request('/api/call/experiments.list', { body: {}, headers: auth() });
    expect(fresh.status).toBe(200);
  });
});
