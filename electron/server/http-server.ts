import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import fs from 'node:fs';
import { API_PREFIX, BUNDLE_DOWNLOAD_PATH, EVENTS_PATH, MEDIA_PREFIX, TOKEN_ROTATED_CLOSE, type EventFrame } from '../../shared/api/http';
import type { CairnError } from '../../shared/api/contract';
import type { Core } from '../core/core';
import type { Services } from '../core/services';
import { MlflowError } from '../core/tracking/mlflow-types';
import { toCairnError } from '../core/core';
import { ARTIFACTS_PREFIX, artifactTarget, errorReply, handleMlflow, isMlflowRequest, MLFLOW_PREFIX } from './mlflow/routes';
import { MAX_UPLOAD_BYTES, UPLOAD_PATH } from '../../shared/api/upload';
import { UserError } from '../core/errors';
import { saveUpload, uploadTooLarge } from '../core/datasets/uploads';
import { bundleForDownload } from '../core/export/bundle';
import { exposesToNetwork, hostCheck, type HostCheck } from './host-check';
import { pathGuard, type PathGuard } from './path-guard';
import { BodyTooLarge, declaredLength, discardBody, readBody } from './request-body';
import { serveStatic } from './static-files';
import { tokensEqual } from './token';

const MAX_BODY = 10 * 1024 * 1024;
const MAX_ARTIFACT = 512 * 1024 * 1024;

const STATUS: Record<CairnError['code'], number> = {
  invalid_input: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  payload_too_large: 413,
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
  /** Host names served besides this machine's own names and addresses (`--allow-host`). */
  allowHosts?: string[];
  /** Folders calls may read and write besides the data folder's uploads/ (`cairn serve`: the folder it started in, and --allow-path). */
  allowPaths?: string[];
}

/** How often open event sockets are checked against the current token. */
const TOKEN_CHECK_MS = 1000;

export interface RunningServer {
  url: string;
  port: number;
  /** Whether other machines can reach it (bound to a non-loopback address). */
  exposed: boolean;
  /** Host names accepted besides loopback ones, for the startup message. */
  hostNames(): string[];
  /** The folders calls may read and write, symlinks resolved. */
  pathRoots: string[];
  close(): Promise<void>;
}

/** What a request of the server is, once its URL is read. */
interface Target {
  url: URL;
  /** Decoded once; routes read this, never the raw one. */
  pathname: string;
}

/** The services the server reaches beside the calls: the MLflow REST API's, media's and bundle downloads'. */
type ServedServices = Pick<Services, 'dataDir' | 'db' | 'runs' | 'tracking' | 'registry' | 'media' | 'blobs' | 'datasets'>;

interface Context {
  core: Pick<Core, 'dispatch' | 'events' | 'dataDir'>;
  services: ServedServices;
  opts: ServeOptions;
  hosts: HostCheck;
  paths: PathGuard;
}

/** `cairn serve`: the renderer and the contract over HTTP + WebSocket, guarded by the token. */
export async function startServer(core: Pick<Core, 'dispatch' | 'events' | 'dataDir' | 'services'>, opts: ServeOptions): Promise<RunningServer> {
  const ctx: Context = { core, services: core.services, opts, hosts: hostCheck(opts.allowHosts), paths: pathGuard(core.dataDir, opts.allowPaths ?? []) };
  const server = http.createServer((req, res) => {
    handle(ctx, req, res).catch((err) => {
      console.error(`cairn serve: ${req.method} ${req.url?.slice(0, 200)}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error' } });
      else res.destroy();
    });
  });
  // Clients only listen on the event socket: a large frame from one is refused (close 1009), not buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  // Each socket with the token it was opened with: a rotation closes the ones with the old token.
  const sockets = new Map<WebSocket, string>();
  const closeStale = () => {
    const current = opts.token();
    for (const [ws, token] of sockets) if (token !== current) ws.close(TOKEN_ROTATED_CLOSE, 'The access token was rotated');
  };
  const tokenTimer = setInterval(closeStale, TOKEN_CHECK_MS);
  tokenTimer.unref();
  const unsubscribe = core.events.onAny((event, payload) => {
    closeStale();
    const frame = JSON.stringify({ event, payload } satisfies EventFrame);
    for (const ws of sockets.keys()) if (ws.readyState === ws.OPEN) ws.send(frame);
  });
  server.on('upgrade', (req, socket, head) => {
    // A client gone mid-handshake, or a broken frame later, is that client's problem only: an
    // 'error' event nobody listens to would end the whole server.
    socket.on('error', () => socket.destroy());
    const refuse = (status: string) => socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    const target = readTarget(req);
    if (!target || target.pathname !== EVENTS_PATH) return refuse('400 Bad Request');
    if (!ctx.hosts.allows(req.headers)) return refuse('403 Forbidden');
    const token = target.url.searchParams.get('token');
    if (!tokensEqual(token, opts.token())) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.set(ws, token!);
      ws.on('error', () => ws.terminate());
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

  return {
    url: `http://${hostPart}:${port}/`,
    port,
    exposed: exposesToNetwork(opts.host),
    hostNames: () => ctx.hosts.names(),
    pathRoots: ctx.paths.roots,
    close: () =>
      new Promise((resolve) => {
        clearInterval(tokenTimer);
        unsubscribe();
        for (const ws of sockets.keys()) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The request's URL with its path percent-decoded once; null for one that is not a path, is
 * malformed, holds NUL or climbs with `..` (answered 400: no route could mean it).
 */
function readTarget(req: http.IncomingMessage): Target | null {
  const raw = req.url ?? '';
  if (!raw.startsWith('/')) return null;
  try {
    // Prefixed rather than resolved against a base, so `//host/x` stays a path.
    const url = new URL(`http://x${raw}`);
    // The path as sent, not URL's: that one has already resolved `/%2e%2e/` away.
    const query = raw.indexOf('?');
    const pathname = decodeURIComponent(query < 0 ? raw : raw.slice(0, query));
    if (pathname.includes('\0') || pathname.split(/[\\/]/).includes('..')) return null;
    return { url, pathname };
  } catch {
    return null;
  }
}

async function handle(ctx: Context, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { services, opts } = ctx;
  const target = readTarget(req);
  if (!target) {
    console.error(`cairn serve: 400 ${req.method} ${JSON.stringify(req.url?.slice(0, 200))}: malformed URL`);
    sendJson(res, 400, { ok: false, error: { code: 'bad_request', message: 'Malformed URL (bad percent-encoding, NUL or "..")' } });
    return;
  }
  const { url, pathname } = target;
  if (!ctx.hosts.allows(req.headers)) {
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden host or origin: start cairn serve with --allow-host <name> to serve this name');
    return;
  }
  if (pathname === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    return;
  }
  if (pathname === UPLOAD_PATH) {
    await handleUpload(services, opts, req, res, url);
    return;
  }
  if (pathname.startsWith(MEDIA_PREFIX) && req.method === 'GET') {
    await serveMedia(services, opts, req, res, url, pathname);
    return;
  }
  if (pathname === BUNDLE_DOWNLOAD_PATH && req.method === 'GET') {
    await serveBundle(services, opts, req, res, url);
    return;
  }
  if (isMlflowRequest(req, pathname)) {
    await handleMlflowHttp(services, opts, req, res, url, pathname);
    return;
  }
  if (!pathname.startsWith('/api/')) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    serveStatic(opts.staticDir, pathname, res);
    return;
  }
  if (!authorized(req, opts)) {
    sendJson(res, 401, {
      ok: false,
      error: { code: 'unauthorized', message: 'Missing or wrong access token: open the URL printed by `cairn serve`, or see `cairn token`' },
    });
    return;
  }
  if (!pathname.startsWith(API_PREFIX) || req.method !== 'POST') {
    sendJson(res, 404, { ok: false, error: { code: 'unknown_call', message: `No such endpoint: ${req.method} ${pathname}` } });
    return;
  }
  const name = pathname.slice(API_PREFIX.length);
  let input: unknown;
  try {
    const body = (await readBody(req, MAX_BODY)).toString('utf8');
    input = body.length ? JSON.parse(body) : {};
  } catch (err) {
    if (err instanceof BodyTooLarge) return refuseBody(req, res, { ok: false, error: { code: 'payload_too_large', message: err.message } });
    sendJson(res, 400, { ok: false, error: { code: 'bad_request', message: `Request body: ${(err as Error).message}` } });
    return;
  }
  const result = await ctx.core.dispatch(name, input, ctx.paths.check);
  if (!result.ok && result.error.code === 'internal') console.error(`cairn serve: ${name}: ${result.error.message}`);
  sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
}

/** 413 in the route's error shape (logged in one line), then the rest of the body dropped. */
function refuseBody(req: http.IncomingMessage, res: http.ServerResponse, body: unknown): void {
  console.error(`cairn serve: 413 ${req.method} ${req.url?.slice(0, 200)}: body over the limit`);
  refuseUnread(req, res, 413, body);
}

/**
 * Answers a request whose body is not wanted and reads the rest of it into the void (see
 * discardBody). The connection is kept open for that even if the client asked to close it:
 * Node would otherwise close it as soon as the answer is sent, with the client still sending.
 */
function refuseUnread(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown): void {
  if (!req.complete) res.setHeader('Connection', 'keep-alive');
  sendJson(res, status, body);
  discardBody(req);
}

function authorized(req: http.IncomingMessage, opts: ServeOptions): boolean {
  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
  return tokensEqual(token, opts.token());
}

/** Images for <img> tags, which cannot send a header: the token comes in the query instead. */
async function serveMedia(
  { media: store }: Pick<ServedServices, 'media'>,
  opts: ServeOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  pathname: string,
): Promise<void> {
  if (!authorized(req, opts) && !tokensEqual(url.searchParams.get('token'), opts.token())) {
    res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized');
    return;
  }
  const size = url.searchParams.get('size');
  try {
    const media = await store.resolve(pathname.slice(MEDIA_PREFIX.length), size === null ? null : Number(size));
    const stream = fs.createReadStream(media.file);
    stream.once('open', () => {
      // Content-addressed: a URL's bytes never change.
      res.writeHead(200, { 'Content-Type': media.contentType, 'Cache-Control': 'private, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' });
      stream.pipe(res);
    });
    // A file gone between resolving and reading (a thumbnail cleared) fails this answer only.
    stream.once('error', () => (res.headersSent ? res.destroy() : res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')));
  } catch (err) {
    const e = toCairnError(err);
    res.writeHead(STATUS[e.code], { 'Content-Type': 'text/plain' }).end(e.message);
  }
}

/** A model's handoff bundle as an attachment: a browser's way to get what `cairn export` writes on this machine. */
async function serveBundle(
  { registry, blobs, datasets }: Pick<ServedServices, 'registry' | 'blobs' | 'datasets'>,
  opts: ServeOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  if (!authorized(req, opts) && !tokensEqual(url.searchParams.get('token'), opts.token())) {
    res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Missing or wrong access token');
    return;
  }
  const ref = url.searchParams.get('ref')?.trim();
  if (!ref) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`${BUNDLE_DOWNLOAD_PATH} needs ?ref=<run id, name@alias or name@version>`);
    return;
  }
  let bundle;
  try {
    bundle = await bundleForDownload({ registry, blobs, scratchDir: datasets.tmpDir }, ref);
  } catch (err) {
    const e = toCairnError(err);
    if (e.code === 'internal') console.error(`cairn serve: ${BUNDLE_DOWNLOAD_PATH}: ${e.message}`);
    res.writeHead(STATUS[e.code], { 'Content-Type': 'text/plain; charset=utf-8' }).end(e.message);
    return;
  }
  const { file, fileName, remove } = bundle;
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  // Unlinked at once where the system allows it (the open descriptor keeps the bytes), so nothing
  // is left however the response ends; where it can't be (Windows), removed when the response
  // closes. The scratch sweep catches a crash in between.
  let removed = false;
  try {
    remove();
    removed = true;
  } catch {
    // an open file on Windows: removed on close below
  }
  const stream = fs.createReadStream(file, { fd });
  res.once('close', () => {
    stream.destroy();
    if (!removed) remove();
  });
  stream.once('error', () => (res.headersSent ? res.destroy() : res.writeHead(500, { 'Content-Type': 'text/plain' }).end('The bundle could not be read')));
  res.writeHead(200, {
    'Content-Type': 'application/zip',
    'Content-Length': size,
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  stream.pipe(res);
}

/** A file from a browser, streamed to the data folder's uploads/ (see shared/api/upload.ts). */
async function handleUpload(
  { dataDir }: Pick<ServedServices, 'dataDir'>,
  opts: ServeOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  const refuse = (status: number, code: CairnError['code'], message: string) => refuseUnread(req, res, status, { error: { code, message } });
  if (req.method !== 'POST') return refuse(405, 'bad_request', `${UPLOAD_PATH} takes POST`);
  if (!authorized(req, opts)) return refuse(401, 'unauthorized', 'Missing or wrong access token');
  const name = url.searchParams.get('name');
  if (!name) return refuse(400, 'bad_request', `${UPLOAD_PATH} needs ?name=<file name>`);
  const limit = opts.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  // Through a pass-through, so that a refusal stops the copy without destroying the request (see discardBody).
  const body = new PassThrough();
  try {
    if (declaredLength(req) > limit) throw uploadTooLarge(limit);
    req.pipe(body);
    // pipe() does not pass a client's disconnect on: without this the copy waits forever, its part-file kept.
    req.once('close', () => req.complete || body.destroy(new Error('the client disconnected')));
    sendJson(res, 200, { path: await saveUpload(dataDir, name, body, limit) });
  } catch (err) {
    req.unpipe(body);
    if (err instanceof UserError) refuse(413, 'payload_too_large', err.message);
    else refuse(400, 'bad_request', `Upload failed: ${(err as Error).message}`);
  }
}

/** MLflow's tracking and artifact endpoints, with MLflow's error shape. */
async function handleMlflowHttp(
  services: Pick<ServedServices, 'tracking' | 'runs' | 'registry'>,
  opts: ServeOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  pathname: string,
): Promise<void> {
  if (!authorized(req, opts)) {
    sendJson(res, 401, { error_code: 'UNAUTHENTICATED', message: 'Set MLFLOW_TRACKING_TOKEN to the token printed by `cairn token`' });
    return;
  }
  const method = req.method ?? 'GET';
  try {
    if (pathname.startsWith(MLFLOW_PREFIX)) {
      const raw = method === 'GET' ? '' : (await readBody(req, MAX_BODY)).toString('utf8');
      let body: unknown = {};
      if (raw.length) {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new MlflowError('INVALID_PARAMETER_VALUE', 'Malformed JSON request body');
        }
      }
      const reply = handleMlflow(services, method, pathname, url.searchParams, body);
      sendJson(res, reply.status, reply.body);
      return;
    }
    if (pathname === ARTIFACTS_PREFIX && method === 'GET') {
      const dir = url.searchParams.get('path') ?? '';
      const { owner, id, rel } = artifactTarget(services.tracking, dir);
      const files = owner.listArtifacts(id, rel).map((f) => ({ ...f, path: f.path.split('/').pop()! }));
      sendJson(res, 200, { files });
      return;
    }
    const { owner, id, rel } = artifactTarget(services.tracking, pathname.slice(ARTIFACTS_PREFIX.length + 1));
    if (method === 'PUT') {
      owner.putArtifact(id, rel, await readBody(req, MAX_ARTIFACT));
      sendJson(res, 200, {});
    } else if (method === 'GET') {
      const data = owner.getArtifact(id, rel);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length });
      res.end(data);
    } else throw new MlflowError('ENDPOINT_NOT_FOUND', `${method} is not supported on artifacts`);
  } catch (err) {
    // MLflow has no code of its own for this; RESOURCE_EXHAUSTED is its nearest, with HTTP's status.
    if (err instanceof BodyTooLarge) return refuseBody(req, res, { error_code: 'RESOURCE_EXHAUSTED', message: err.message });
    const reply = errorReply(err);
    sendJson(res, reply.status, reply.body);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}
