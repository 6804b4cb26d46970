import path from 'node:path';
import { Core } from '../../electron/core/core';
import { startServer, type RunningServer } from '../../electron/server/http-server';
import { readOrCreateToken, tokenReader } from '../../electron/server/token';
import { tempDir } from '../helpers';

// A `cairn serve` over a fresh data folder, and the requests the Python mlflow client sends to it.

export interface MlflowHarness {
  core: Core;
  /** The server's address, e.g. http://127.0.0.1:12345, and its access token. */
  base: string;
  token: string;
  /** One REST call as the client makes it: GET arguments in the query string (lists repeated), others as a JSON body. */
  api(method: string, endpoint: string, body?: unknown, opts?: { auth?: boolean }): Promise<{ status: number; json: Record<string, any> }>;
  close(): Promise<void>;
}

export async function startMlflowHarness(): Promise<MlflowHarness> {
  const dataDir = path.join(tempDir(), 'data');
  const core = new Core({ dataDir, transport: 'http' });
  const token = readOrCreateToken(dataDir);
  const server: RunningServer = await startServer(core, { host: '127.0.0.1', port: 0, token: tokenReader(dataDir), staticDir: tempDir() });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    core,
    base,
    token,
    async api(method, endpoint, body, opts = {}) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'mlflow-python-client/2.17.0' };
      if (opts.auth !== false) headers.Authorization = `Bearer ${token}`;
      let url = `${base}/api/2.0/mlflow/${endpoint}`;
      if (method === 'GET' && body) {
        const q = new URLSearchParams();
        for (const [k, v] of Object.entries(body as Record<string, unknown>)) for (const item of Array.isArray(v) ? v : [v]) q.append(k, String(item));
        url += '?' + q.toString();
      }
      const res = await fetch(url, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
      return { status: res.status, json: (await res.json()) as Record<string, any> };
    },
    async close() {
      await server.close();
      core.close();
    },
  };
}
