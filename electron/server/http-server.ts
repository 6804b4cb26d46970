import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import fs from 'node:fs';
import { API_PREFIX, EVENTS_PATH, MEDIA_PREFIX, type EventFrame } from '../../shared/api/http';
import type { CairnError } from '../../shared/api/contract';
import type { Core } from '../core/core';
import { MlflowError } from '../core/tracking/mlflow-types';
import { toCairnError } from '../core/core';
import { ARTIFACTS_PREFIX, errorReply, handleMlflow, isMlflowRequest, MLFLOW_PREFIX, parseArtifactPath } from './mlflow/routes';
import { MAX_UPLOAD_BYTES, UPLOAD_PATH } from '../../shared/api/upload';
import { UserError } from '../core/errors';
import { saveUpload, uploadTooLarge } from '../core/datasets/uploads';
import { serveStatic } from './static-files';
import { tokensEqual } from './token';

const MAX_BODY = 10 * 1024 * 1024;
const MAX_ARTIFACT = 512 * 1024 * 1024;

const STATUS: Record<CairnError['code'], number> = {
  invalid_input: 400,
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  unknown_call: 404,
  conflict: 409,
  unsupported: 501,
  internal: 500,
};

export interface ServeOptions {
  host: string;
  port: number;
  token: () => string;
  staticDir: string;
  /** Largest upload accepted; default MAX_UPLOAD_BYTES. */
  maxUploadBytes?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `cairn serve`: the renderer and the contract over HTTP + WebSocket, guarded by the token. */
export async function startServer(core: Core, opts: ServeOptions): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    handle(core, opts, req, res, allowedHosts()).catch((err) => {
      console.error(err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error' } });
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  const unsubscribe = core.events.onAny((event, payload) => {
    const frame = JSON.stringify({ event, payload } satisfies EventFrame);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== EVENTS_PATH || !hostAllowed(req, allowedHosts()) || !tokensEqual(url.searchParams.get('token'), opts.token())) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  const hostPart = shownHost.includes(':') ? `[${shownHost}]` : shownHost;

  function allowedHosts(): Set<string> {
    const names = new Set(['127.0.0.1', 'localhost', '[::1]', hostPart]);
    if (opts.host === '0.0.0.0' || opts.host === '::') return new Set(['*']);
    return new Set([...names].map((n) => `${n}:${port}`));
  }

  return {
    url: `http://${hostPart}:${port}/`,
    port,
    close: () =>
      new Promise((resolve) => {
        unsubscribe();
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(core: Core, opts: ServeOptions, req: http.IncomingMessage, res: http.ServerResponse, hosts: Set<string>): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  // DNS rebinding and cross-site requests: only our own Host and Origin are served.
  if (!hostAllowed(req, hosts)) {
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden host or origin');
    return;
  }
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    return;
  }
  if (url.pathname === UPLOAD_PATH) {
    await handleUpload(core, opts, req, res, url);
    return;
  }
  if (url.pathname.startsWith(MEDIA_PREFIX) && req.method === 'GET') {
    await serveMedia(core, opts, req, res, url);
    return;
  }
  if (isMlflowRequest(req, url.pathname)) {
    await handleMlflowHttp(core, opts, req, res, url);
    return;
  }
  if (!url.pathname.startsWith('/api/')) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    serveStatic(opts.staticDir, url.pathname, res);
    return;
  }
  if (!authorized(req, opts)) {
    sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong access token: open the URL printed by `cairn serve`, or see `cairn token`' } });
    return;
  }
  if (!url.pathname.startsWith(API_PREFIX) || req.method !== 'POST') {
    sendJson(res, 404, { ok: false, error: { code: 'unknown_call', message: `No such endpoint: ${req.method} ${url.pathname}` } });
    return;
  }
  const name = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
  let input: unknown;
  try {
    const body = (await readBody(req, MAX_BODY)).toString('utf8');
    input = body.length ? JSON.parse(body) : {};
  } catch (err) {
    sendJson(res, 400, { ok: false, error: { code: 'bad_request', message: `Request body: ${(err as Error).message}` } });
    return;
  }
  const result = await core.dispatch(name, input);
  sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
}

function hostAllowed(req: http.IncomingMessage, hosts: Set<string>): boolean {
  if (hosts.has('*')) return true;
  const host = req.headers.host ?? '';
  if (!hosts.has(host)) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${host}`;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`larger than ${Math.round(limit / 1024 / 1024)} MiB`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function authorized(req: http.IncomingMessage, opts: ServeOptions): boolean {
  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
  return tokensEqual(token, opts.token());
}

/** Images for <img> tags, which cannot send a header: the token comes in the query instead. */
async function serveMedia(core: Core, opts: ServeOptions, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  if (!authorized(req, opts) && !tokensEqual(url.searchParams.get('token'), opts.token())) {
    res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized');
    return;
  }
  const size = url.searchParams.get('size');
  try {
    const media = await core.media.resolve(url.pathname.slice(MEDIA_PREFIX.length), size === null ? null : Number(size));
    // Content-addressed: a URL's bytes never change.
    res.writeHead(200, { 'Content-Type': media.contentType, 'Cache-Control': 'private, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' });
    fs.createReadStream(media.file).pipe(res);
  } catch (err) {
    const e = toCairnError(err);
    res.writeHead(STATUS[e.code], { 'Content-Type': 'text/plain' }).end(e.message);
  }
}

/** A file from a browser, streamed to the data folder's uploads/ (see shared/api/upload.ts). */
async function handleUpload(core: Core, opts: ServeOptions, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const refuse = (status: number, code: CairnError['code'], message: string) => {
    // Unread bytes of a refused upload are not worth receiving.
    res.setHeader('Connection', 'close');
    sendJson(res, status, { error: { code, message } });
  };
  if (req.method !== 'POST') return refuse(405, 'bad_request', `${UPLOAD_PATH} takes POST`);
  if (!authorized(req, opts)) return refuse(401, 'unauthorized', 'Missing or wrong access token');
  const name = url.searchParams.get('name');
  if (!name) return refuse(400, 'bad_request', `${UPLOAD_PATH} needs ?name=<file name>`);
  const limit = opts.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  try {
    if (Number(req.headers['content-length'] ?? 0) > limit) throw uploadTooLarge(limit);
    sendJson(res, 200, { path: await saveUpload(core.dataDir, name, req, limit) });
  } catch (err) {
    if (err instanceof UserError) refuse(413, err.code, err.message);
    else refuse(400, 'bad_request', `Upload failed: ${(err as Error).message}`);
  }
}

/** MLflow's tracking and artifact endpoints, with MLflow's error shape. */
async function handleMlflowHttp(core: Core, opts: ServeOptions, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  if (!authorized(req, opts)) {
    sendJson(res, 401, { error_code: 'UNAUTHENTICATED', message: 'Set MLFLOW_TRACKING_TOKEN to the token printed by `cairn token`' });
    return;
  }
  const method = req.method ?? 'GET';
  try {
    if (url.pathname.startsWith(MLFLOW_PREFIX)) {
      const raw = method === 'POST' ? (await readBody(req, MAX_BODY)).toString('utf8') : '';
      let body: unknown = {};
      if (raw.length) {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new MlflowError('INVALID_PARAMETER_VALUE', 'Malformed JSON request body');
        }
      }
      const reply = handleMlflow(core.tracking, method, url.pathname, url.searchParams, body);
      sendJson(res, reply.status, reply.body);
      return;
    }
    if (url.pathname === ARTIFACTS_PREFIX && method === 'GET') {
      const dir = url.searchParams.get('path') ?? '';
      const { runId, rel } = parseArtifactPath(dir);
      const files = core.tracking.listArtifacts(runId, rel).map((f) => ({ ...f, path: f.path.split('/').pop()! }));
      sendJson(res, 200, { files });
      return;
    }
    const { runId, rel } = parseArtifactPath(decodeURIComponent(url.pathname.slice(ARTIFACTS_PREFIX.length + 1)));
    if (method === 'PUT') {
      core.tracking.putArtifact(runId, rel, await readBody(req, MAX_ARTIFACT));
      sendJson(res, 200, {});
    } else if (method === 'GET') {
      const data = core.tracking.getArtifact(runId, rel);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length });
      res.end(data);
    } else throw new MlflowError('ENDPOINT_NOT_FOUND', `${method} is not supported on artifacts`);
  } catch (err) {
    const reply = errorReply(err);
    sendJson(res, reply.status, reply.body);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}
