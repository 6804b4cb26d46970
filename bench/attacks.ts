import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net, { type Socket } from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { APP_ROOT } from '../electron/core/paths';

// A generated corpus of hostile or broken requests against a running `cairn serve`, shared by
// test/integration/serve-attacks.test.ts and `npm run torture`. Each attack names the status
// that refusing it takes; it counts as blocked when the server answers exactly that, in one line
// without a stack.

export interface AttackTarget {
  port: number;
  token: string;
  dataDir: string;
  /** The folder serve was started in (an allowed root), holding links planted to lead outside. */
  inside: string;
  /** A folder outside every root, holding secret.csv; nothing may appear in it. */
  outside: string;
}

export interface Attack {
  group: string;
  name: string;
  expect: number;
  run(t: AttackTarget): Promise<{ status: number; body: string }>;
}

export interface AttackResult {
  attack: Attack;
  status: number;
  body: string;
  blocked: boolean;
}

interface Req {
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Sent in pieces without a Content-Length. */
  chunked?: boolean;
  /** A Content-Length announced but the body never sent. */
  declare?: number;
}

export function send(port: number, r: Req): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Host: `127.0.0.1:${port}`, ...r.headers };
    if (r.declare !== undefined) headers['Content-Length'] = r.declare;
    const req = http.request({ host: '127.0.0.1', port, path: r.path, method: r.method ?? 'POST', headers, setHost: false, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    if (r.chunked && r.body) {
      const b = Buffer.from(r.body);
      for (let i = 0; i < b.length; i += 1 << 20) req.write(b.subarray(i, i + (1 << 20)));
      req.end();
    } else if (r.declare !== undefined) req.flushHeaders();
    else req.end(r.body);
  });
}

/** A WebSocket upgrade: the HTTP status that refused it, or 101 when it was accepted. */
export function upgrade(port: number, query: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events${query}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, body: '' });
      ws.terminate();
    });
    ws.on('open', () => {
      resolve({ status: 101, body: '' });
      ws.close();
    });
    ws.on('error', (err) => resolve({ status: 0, body: err.message }));
  });
}

const rawSocket = (ws: WebSocket) => (ws as unknown as { _socket: Socket })._socket;

/** Opens the event socket with the token and does `act` on it: the close code that follows. */
function sendFrame(t: AttackTarget, act: (ws: WebSocket) => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/api/events?token=${t.token}`);
    ws.on('open', () => act(ws));
    ws.on('close', (code, reason) => resolve({ status: code, body: String(reason) }));
    ws.on('error', () => undefined);
  });
}

const bearer = (t: AttackTarget) => ({ Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' });
const callReq = (name: string, input: unknown) => (t: AttackTarget) =>
  send(t.port, { path: `/api/call/${name}`, headers: bearer(t), body: JSON.stringify(input) });

function hostAttacks(): Attack[] {
  const hosts = ['evil.com', 'evil.com:7860', 'localhost.evil.com', '127.0.0.1.nip.io', 'LOCALHOST.evil.com:80', '[::2]', 'vm.evil.com'];
  const origins = ['http://evil.com', 'null', 'https://evil.com:443', 'http://localhost.evil.com', 'file://', 'http://127.0.0.1:1'];
  const out: Attack[] = [];
  const routes: { route: string; req: (t: AttackTarget, h: Record<string, string>) => Promise<{ status: number; body: string }> }[] = [
    { route: 'API call', req: (t, h) => send(t.port, { path: '/api/call/datasets.list', headers: { ...bearer(t), ...h }, body: '{}' }) },
    { route: 'upload', req: (t, h) => send(t.port, { path: '/upload?name=a.csv', headers: { ...bearer(t), ...h }, body: 'a,b\n1,2\n' }) },
    { route: 'MLflow', req: (t, h) => send(t.port, { path: '/api/2.0/mlflow/experiments/search', headers: { ...bearer(t), ...h }, body: '{}' }) },
    { route: 'page', req: (t, h) => send(t.port, { method: 'GET', path: '/', headers: h }) },
    { route: 'WebSocket', req: (t, h) => upgrade(t.port, `?token=${t.token}`, h) },
  ];
  for (const { route, req } of routes) {
    for (const host of hosts) out.push({ group: 'foreign Host', name: `${route}, Host: ${host}`, expect: 403, run: (t) => req(t, { Host: host }) });
    for (const origin of origins)
      out.push({ group: 'foreign Origin', name: `${route}, Origin: ${origin}`, expect: 403, run: (t) => req(t, { Origin: origin }) });
  }
  return out;
}

function tokenAttacks(): Attack[] {
  const bad: [string, Record<string, string>][] = [
    ['no token', {}],
    ['wrong token', { Authorization: 'Bearer wrong' }],
    ['Basic scheme', { Authorization: 'Basic dXNlcjpwYXNz' }],
  ];
  const out: Attack[] = [];
  for (const [name, headers] of bad) {
    out.push({ group: 'token', name: `API call, ${name}`, expect: 401, run: (t) => send(t.port, { path: '/api/call/datasets.list', headers, body: '{}' }) });
    out.push({
      group: 'token',
      name: `MLflow, ${name}`,
      expect: 401,
      run: (t) => send(t.port, { path: '/api/2.0/mlflow/experiments/search', headers, body: '{}' }),
    });
    out.push({ group: 'token', name: `upload, ${name}`, expect: 401, run: (t) => send(t.port, { path: '/upload?name=a.csv', headers, body: 'a\n1\n' }) });
  }
  out.push({
    group: 'token',
    name: 'API call, token in the query',
    expect: 401,
    run: (t) => send(t.port, { path: `/api/call/datasets.list?token=${t.token}`, body: '{}' }),
  });
  out.push({ group: 'token', name: 'WebSocket, wrong token', expect: 401, run: (t) => upgrade(t.port, '?token=wrong', {}) });
  out.push({ group: 'token', name: 'WebSocket, no token', expect: 401, run: (t) => upgrade(t.port, '', {}) });
  return out;
}

/** Every call input that takes a path, with where the path goes. */
const PATH_CALLS: { name: string; input: (p: string, t: AttackTarget) => unknown }[] = [
  { name: 'datasets.import', input: (p) => ({ path: p, name: 'stolen' }) },
  { name: 'datasets.import labels', input: (p, t) => ({ path: t.inside, name: 'stolen', labels: p }) },
  { name: 'datasets.export', input: (p) => ({ id: 1, format: 'csv', path: p }) },
  { name: 'models.export', input: (p) => ({ ref: 'm@1', path: p }) },
  { name: 'models.import', input: (p) => ({ path: p, name: 'stolen' }) },
  { name: 'models.predict input', input: (p) => ({ ref: 'm@1', input: p }) },
  { name: 'models.predict out', input: (p, t) => ({ ref: 'm@1', input: path.join(t.inside, 'in.csv'), out: p }) },
  { name: 'monitoring.drift', input: (p) => ({ reference: { datasetId: 1 }, current: { path: p } }) },
  { name: 'monitoring.predictionDrift', input: (p) => ({ model: 'm@1', current: { path: p } }) },
  { name: 'monitoring.timeline', input: (p) => ({ model: 'm@1', current: { path: p } }) },
  { name: 'monitoring.retrain', input: (p) => ({ runId: 'r', newData: { path: p } }) },
  { name: 'monitoring.logOutcomes', input: (p) => ({ model: 'm@1', path: p }) },
  { name: 'evaluations.run', input: (p) => ({ model: 'm@1', data: { path: p } }) },
];

function pathAttacks(): Attack[] {
  const paths: [string, (t: AttackTarget) => string][] = [
    ['/etc/passwd', () => '/etc/passwd'],
    ['a file outside', (t) => path.join(t.outside, 'secret.csv')],
    ['a new file outside', (t) => path.join(t.outside, 'new.csv')],
    ['relative ../ out of the serve folder', (t) => path.relative(t.inside, path.join(t.outside, 'secret.csv'))],
    ['a symlink inside leading outside', (t) => path.join(t.inside, 'link-out', 'secret.csv')],
    ['a dangling symlink inside leading outside', (t) => path.join(t.inside, 'dangling.csv')],
    ['the database', (t) => path.join(t.dataDir, 'cairn.db')],
    ['the token file', (t) => path.join(t.dataDir, 'serve-token')],
    ['the blob folder', (t) => path.join(t.dataDir, 'files', 'x.csv')],
    ['the uploads folder climbed out of', (t) => `${t.dataDir}/uploads/../cairn.db`],
  ];
  const out: Attack[] = [];
  for (const call of PATH_CALLS) {
    for (const [what, p] of paths) {
      const name = call.name.split(' ')[0];
      out.push({ group: 'path outside the roots', name: `${call.name}: ${what}`, expect: 403, run: (t) => callReq(name, call.input(p(t), t))(t) });
    }
  }
  return out;
}

/** Links an attacker would plant in an allowed folder (were they able to): they must lead nowhere. */
export function plantLinks(t: AttackTarget): void {
  fs.symlinkSync(t.outside, path.join(t.inside, 'link-out'));
  fs.symlinkSync(path.join(t.outside, 'dangling-target.csv'), path.join(t.inside, 'dangling.csv'));
}

function urlAttacks(): Attack[] {
  const bad = [
    '%E0%A4%A',
    '%',
    '%zz',
    'index.html%00.js',
    '%00',
    '..%2f..%2fetc%2fpasswd',
    '..%5c..%5cwindows',
    '%2e%2e/%2e%2e/etc/passwd',
    'a/%2e%2e%2f%2e%2e%2f',
    '%C0%AE%C0%AE/',
    '%ED%A0%80',
  ];
  const prefixes = ['/', '/api/call/', '/media/', '/api/2.0/mlflow-artifacts/artifacts/', '/assets/'];
  const out: Attack[] = [];
  for (const prefix of prefixes) {
    for (const b of bad) {
      out.push({
        group: 'malformed URL',
        name: `GET ${prefix}${b}`,
        expect: 400,
        run: (t) => send(t.port, { method: 'GET', path: prefix + b, headers: bearer(t) }),
      });
      out.push({
        group: 'malformed URL',
        name: `POST ${prefix}${b}`,
        expect: 400,
        run: (t) => send(t.port, { path: prefix + b, headers: bearer(t), body: '{}' }),
      });
    }
  }
  for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'datasets.list/x', '', '..']) {
    const expect = name === '..' ? 400 : 404;
    out.push({
      group: 'unknown call',
      name: `/api/call/${name}`,
      expect,
      run: (t) => send(t.port, { path: `/api/call/${name}`, headers: bearer(t), body: '{}' }),
    });
  }
  return out;
}

const MIB = 1024 * 1024;

function bodyAttacks(): Attack[] {
  const big = Buffer.alloc(11 * MIB, 0x20);
  const out: Attack[] = [
    {
      group: 'body',
      name: 'API call, 11 MiB with Content-Length',
      expect: 413,
      run: (t) => send(t.port, { path: '/api/call/datasets.list', headers: bearer(t), body: big }),
    },
    {
      group: 'body',
      name: 'API call, 11 MiB chunked',
      expect: 413,
      run: (t) => send(t.port, { path: '/api/call/datasets.list', headers: bearer(t), body: big, chunked: true }),
    },
    {
      group: 'body',
      name: 'API call, 1 GiB announced',
      expect: 413,
      run: (t) => send(t.port, { path: '/api/call/datasets.list', headers: bearer(t), declare: 1024 * MIB }),
    },
    { group: 'body', name: 'MLflow, 11 MiB', expect: 413, run: (t) => send(t.port, { path: '/api/2.0/mlflow/runs/log-batch', headers: bearer(t), body: big }) },
    {
      group: 'body',
      name: 'MLflow, 11 MiB chunked',
      expect: 413,
      run: (t) => send(t.port, { path: '/api/2.0/mlflow/runs/log-batch', headers: bearer(t), body: big, chunked: true }),
    },
    {
      group: 'body',
      name: 'MLflow artifact, 1 GiB announced',
      expect: 413,
      run: (t) =>
        send(t.port, {
          method: 'PUT',
          path: `/api/2.0/mlflow-artifacts/artifacts/0/${'a'.repeat(32)}/artifacts/x.bin`,
          headers: bearer(t),
          declare: 1024 * MIB,
        }),
    },
    {
      group: 'body',
      name: 'upload, 64 GiB announced',
      expect: 413,
      run: (t) => send(t.port, { path: '/upload?name=a.csv', headers: bearer(t), declare: 64 * 1024 * MIB }),
    },
  ];
  const malformed: [string, string | Buffer][] = [
    ['broken JSON', '{"name":'],
    ['JSON null', 'null'],
    ['JSON array', '[]'],
    ['JSON string', '"x"'],
    ['JSON nested 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['__proto__ key', '{"__proto__":{"path":"/etc/passwd"},"name":"x"}'],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x7b])],
  ];
  for (const [name, body] of malformed)
    out.push({
      group: 'body',
      name: `datasets.import, ${name}`,
      expect: 400,
      run: (t) => send(t.port, { path: '/api/call/datasets.import', headers: bearer(t), body }),
    });
  const deep: [string, string][] = [
    ['not × 2,000', 'not '.repeat(2000) + 'status = finished'],
    ['( × 4,000', '('.repeat(4000) + 'status = finished' + ')'.repeat(4000)],
    // A long chain of ors is a fine filter (compiled to balanced SQL); past 10,000 characters it is refused.
    ['or × 2,000 (24,000 characters)', Array.from({ length: 2000 }, () => 'name = x').join(' or ')],
  ];
  for (const [name, filter] of deep) {
    out.push({ group: 'filter', name: `runs.query, ${name}`, expect: 400, run: callReq('runs.query', { filter }) });
    out.push({
      group: 'filter',
      name: `MLflow runs/search, ${name}`,
      expect: 400,
      run: (t) => send(t.port, { path: '/api/2.0/mlflow/runs/search', headers: bearer(t), body: JSON.stringify({ experiment_ids: ['0'], filter }) }),
    });
  }
  return out;
}

/** Half a body, then the connection reset: the server must carry on (the attack reads /healthz after). */
function abortAttacks(): Attack[] {
  const routes: [string, string, string][] = [
    ['API call', 'POST', '/api/call/datasets.import'],
    ['upload', 'POST', '/upload?name=half.csv'],
    ['MLflow', 'POST', '/api/2.0/mlflow/runs/log-batch'],
    ['MLflow artifact', 'PUT', `/api/2.0/mlflow-artifacts/artifacts/0/${'a'.repeat(32)}/artifacts/half.bin`],
  ];
  return routes.map(([route, method, p]) => ({
    group: 'aborted request',
    name: `${route}: half the body, then a reset (then /healthz)`,
    expect: 200,
    run: async (t: AttackTarget) => {
      await new Promise<void>((resolve) => {
        const socket = net.connect(t.port, '127.0.0.1', () => {
          socket.write(
            `${method} ${p} HTTP/1.1\r\nHost: 127.0.0.1:${t.port}\r\nAuthorization: Bearer ${t.token}\r\nContent-Length: 100000\r\n\r\n${'x,'.repeat(1000)}`,
          );
          setTimeout(() => {
            socket.resetAndDestroy();
            resolve();
          }, 50);
        });
        socket.on('error', () => resolve());
      });
      await new Promise((r) => setTimeout(r, 50));
      return send(t.port, { method: 'GET', path: '/healthz' });
    },
  }));
}

function frameAttacks(): Attack[] {
  return [
    {
      group: 'WebSocket frame',
      name: 'a 1 MiB frame from the client (close code)',
      expect: 1009,
      run: (t) => sendFrame(t, (ws) => ws.send(Buffer.alloc(MIB))),
    },
    // An unmasked frame with a reserved opcode: not WebSocket at all.
    {
      group: 'WebSocket frame',
      name: 'garbage bytes after the handshake (close code)',
      expect: 1002,
      run: (t) => sendFrame(t, (ws) => rawSocket(ws).write(Buffer.from([0xff, 0xff, 0xff, 0xff]))),
    },
    { group: 'WebSocket frame', name: 'reset in the middle of a frame', expect: 1006, run: (t) => sendFrame(t, (ws) => rawSocket(ws).resetAndDestroy()) },
  ];
}

/** Those that could bring a server down come last, so a weak server's count still means something. */
export function attackCorpus(): Attack[] {
  return [...hostAttacks(), ...tokenAttacks(), ...pathAttacks(), ...urlAttacks(), ...bodyAttacks(), ...abortAttacks(), ...frameAttacks()];
}

/** One line, no stack: what a refusal may look like. */
export function isOneLine(body: string): boolean {
  return !body.trimEnd().includes('\n') && !/\n\s+at /.test(body);
}

/** An attack left unanswered this long counts as got through (a server waiting on a body it refused, say). */
const ANSWER_MS = 10_000;

export async function runAttacks(t: AttackTarget, attacks = attackCorpus()): Promise<AttackResult[]> {
  const results: AttackResult[] = [];
  for (const attack of attacks) {
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<{ status: number; body: string }>(
      (resolve) => (timer = setTimeout(() => resolve({ status: 0, body: `no answer in ${ANSWER_MS / 1000} s` }), ANSWER_MS)),
    );
    const { status, body } = await Promise.race([attack.run(t).catch((err: Error) => ({ status: 0, body: `client error: ${err.message}` })), unanswered]);
    clearTimeout(timer);
    results.push({ attack, status, body, blocked: status === attack.expect && isOneLine(body) });
  }
  return results;
}

/** Files in `dir`, recursively, relative to it. */
export function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

export interface ServeProcess {
  port: number;
  token: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/** `cairn serve` as a user starts it: its own process, in `cwd`, on a free port. */
export function spawnServe(dataDir: string, cwd: string, args: string[] = []): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [path.join(APP_ROOT, 'bin', 'cairn.js'), '--data-dir', dataDir, 'serve', '--port', '0', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (c) => (out += c));
  proc.stderr.on('data', (c) => (out += c));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const started = setInterval(() => {
      const m = /Open http:\/\/[^:]+:(\d+)\/\?token=(\S+)/.exec(out);
      if (!m) return;
      clearInterval(started);
      resolve({
        port: Number(m[1]),
        token: m[2],
        output: () => out,
        stop: async () => {
          proc.kill('SIGTERM');
          await exited;
        },
      });
    }, 50);
    void exited.then(() => {
      clearInterval(started);
      reject(new Error(`cairn serve exited: ${out}`));
    });
  });
}
