import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { readOrCreateToken } from '../../electron/server/token';
import { cliProcess, dataset, tempDir } from '../helpers';

// `cairn push` from one data folder to a second `cairn serve` (the "team server", through its
// MLflow-compatible REST API), and `cairn pull` from it into a third folder. A proxy in front of
// the team server slows requests down (to kill a push halfway) or answers 429/503 (retries).

const root = tempDir('cairn-push-');
const local = path.join(root, 'local');
const third = path.join(root, 'third');
const teamDir = path.join(root, 'team');
let team: ChildProcess;
let teamUrl: string;
let token: string;
let proxy: Proxy;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  json: () => any;
}

/** The CLI, asynchronously: the proxy lives in this process and must keep answering meanwhile. */
function cairn(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<Result> & { child: ChildProcess } {
  const child = cliProcess(dataDir, args, { env: { ...process.env, MLFLOW_TRACKING_TOKEN: token, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const done = new Promise<Result>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) })));
  return Object.assign(done, { child });
}

async function mlflow(method: 'GET' | 'POST', endpoint: string, body: Record<string, unknown> = {}): Promise<any> {
  const query = method === 'GET' ? '?' + new URLSearchParams(body as Record<string, string>).toString() : '';
  const res = await fetch(`${teamUrl}/api/2.0/mlflow/${endpoint}${query}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: method === 'POST' ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, ...((await res.json()) as object) };
}

async function teamRuns(experiment: string): Promise<any[]> {
  const exp = await mlflow('GET', 'experiments/get-by-name', { experiment_name: experiment });
  if (exp.status !== 200) return [];
  return (await mlflow('POST', 'runs/search', { experiment_ids: [exp.experiment.experiment_id], max_results: 1000 })).runs ?? [];
}

const tagsOf = (run: any): Record<string, string> => Object.fromEntries(run.data.tags.map((t: any) => [t.key, t.value]));

function db(dir: string) {
  return new Database(path.join(dir, 'cairn.db'), { readonly: true });
}

interface Proxy {
  url: string;
  delayMs: number;
  /** Answers the next requests with these statuses instead of forwarding them. */
  faults: { status: number; retryAfter?: string }[];
  /** When each injected fault was answered, and when the request after it came. */
  faultTimes: { status: number; at: number; nextAt?: number }[];
  /** Forwards this many of the next log-batch requests carrying metrics, then breaks the connection instead of answering. */
  dropAnswers: number;
  close(): Promise<void>;
}

async function startProxy(target: string): Promise<Proxy> {
  const t = new URL(target);
  const p: Proxy = { url: '', delayMs: 0, faults: [], faultTimes: [], dropAnswers: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const last = p.faultTimes[p.faultTimes.length - 1];
    if (last && last.nextAt === undefined) last.nextAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const fault = p.faults.shift();
      if (fault) {
        p.faultTimes.push({ status: fault.status, at: Date.now() });
        res.writeHead(fault.status, { 'Content-Type': 'application/json', ...(fault.retryAfter !== undefined && { 'Retry-After': fault.retryAfter }) });
        res.end(JSON.stringify({ error_code: fault.status === 429 ? 'RESOURCE_EXHAUSTED' : 'TEMPORARILY_UNAVAILABLE', message: 'injected by the test proxy' }));
        return;
      }
      const body = Buffer.concat(chunks);
      const drop = p.dropAnswers > 0 && req.url!.endsWith('/runs/log-batch') && body.includes('"metrics":[{');
      if (drop) p.dropAnswers--;
      setTimeout(() => {
        const out = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: { ...req.headers, host: t.host } }, (answer) => {
          if (drop) {
            answer.resume();
            answer.on('end', () => res.socket?.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.on('error', () => res.destroy());
        out.end(body);
      }, p.delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  p.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  p.close = () => new Promise((r) => (server.closeAllConnections(), server.close(() => r())));
  return p;
}

/** Runs logged into the local folder the way a script's `mlflow` client would, each over one log-batch. */
function logScriptRuns(experiment: string, runs: number, points: number): void {
  const core = new Core({ dataDir: local, transport: 'http' });
  try {
    const experimentId = core.services.tracking.createExperiment(experiment);
    for (let r = 0; r < runs; r++) {
      const run = core.services.tracking.createRun({ experiment_id: experimentId, run_name: `${experiment}-${r}`, start_time: 1_700_000_000_000 + r });
      const id = run.info.run_id;
      core.services.tracking.logBatch({ run_id: id, params: [{ key: 'r', value: String(r) }], tags: [{ key: 'suite', value: experiment }] });
      for (let from = 0; from < points; from += 1000) {
        const batch = Array.from({ length: Math.min(1000, points - from) }, (_, i) => ({
          key: 'loss',
          value: 1 / (from + i + 1) + r,
          timestamp: 1_700_000_000_000 + from + i,
          step: from + i,
        }));
        core.services.tracking.logBatch({ run_id: id, metrics: batch });
      }
      core.services.tracking.updateRun({ run_id: id, status: 'FINISHED', end_time: 1_700_000_100_000 + r });
    }
  } finally {
    core.close();
  }
}

let runId: string;

/** An address where nothing listens: a port the system handed out, closed again. */
async function closedPort(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  token = readOrCreateToken(teamDir);
  team = cliProcess(teamDir, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  teamUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    team.stdout!.on('data', (c) => {
      out += c;
      const m = /Open (http:\/\/[^/]+)\//.exec(out);
      if (m) resolve(m[1]);
    });
    team.on('exit', (code) => reject(new Error(`cairn serve exited with ${code}`)));
  });
  proxy = await startProxy(teamUrl);

  expect((await cairn(local, ['datasets', 'import', dataset('iris.csv'), '--name', 'iris', '--json'])).code).toBe(0);
  const trained = await cairn(local, ['train', '--dataset', 'iris', '--epochs', '6', '--experiment', 'team-demo', '--json']);
  expect(trained.code, trained.stderr).toBe(0);
  runId = trained.json().runId;
  const core = new Core({ dataDir: local, transport: 'http' });
  const noted = await core.dispatch('runs.update', { id: runId, notes: 'Baseline MLP; compare against it', tags: { owner: 'ana' } });
  core.close();
  expect(noted.ok).toBe(true);
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  team?.kill('SIGTERM');
});

describe('cairn push', () => {
  it('pushes a trained run: params, tags and note, every metric point, system metrics, times and artifacts compare equal', async () => {
    const pushed = await cairn(local, ['push', '--to', teamUrl, '--experiment', 'team-demo', '--json']);
    expect(pushed.code, pushed.stderr).toBe(0);
    const summary = pushed.json();

    const conn = db(local);
    const points = conn.prepare('SELECT key, value, step, time FROM metrics WHERE run_id = ? ORDER BY key, step, time').all(runId) as {
      key: string;
      value: number;
      step: number;
      time: number;
    }[];
    const row = conn.prepare('SELECT name, params, started_at, ended_at FROM runs WHERE id = ?').get(runId) as {
      name: string;
      params: string;
      started_at: number;
      ended_at: number;
    };
    const artifacts = conn.prepare("SELECT a.name, a.file_hash FROM run_artifacts a WHERE a.run_id = ? AND a.name LIKE 'model/%'").all(runId) as {
      name: string;
      file_hash: string;
    }[];
    conn.close();
    expect(summary).toMatchObject({ runs: { created: 1, updated: 0, unchanged: 0 }, metrics: points.length, dryRun: false });
    expect(summary.artifacts).toBeGreaterThanOrEqual(artifacts.length + 1);

    const [remote] = await teamRuns('team-demo');
    expect(remote.info).toMatchObject({ status: 'FINISHED', run_name: row.name, start_time: row.started_at, end_time: row.ended_at });
    expect(tagsOf(remote)).toMatchObject({
      'mlflow.runName': row.name,
      'mlflow.note.content': 'Baseline MLP; compare against it',
      owner: 'ana',
      'cairn.run_id': runId,
      'cairn.dataset': 'iris@1',
    });
    const params = Object.fromEntries(Object.entries(JSON.parse(row.params)).map(([k, v]) => [k, v === null ? 'None' : String(v)]));
    expect(Object.fromEntries(remote.data.params.map((p: any) => [p.key, p.value]))).toEqual(params);

    // The dataset version it trained on arrives as a run input (log-inputs), its digest the version's hash cut to MLflow's 36 characters.
    const hash = db(local)
      .prepare('SELECT v.hash FROM runs r JOIN dataset_versions v ON v.id = r.dataset_version_id WHERE r.id = ?')
      .pluck()
      .get(runId) as string;
    const inputs = (await mlflow('GET', 'runs/get', { run_id: remote.info.run_id })).run.inputs?.dataset_inputs ?? [];
    expect(inputs).toHaveLength(1);
    expect(inputs[0].dataset).toMatchObject({ name: 'iris@1', digest: hash.slice(0, 36) });

    const keys = [...new Set(points.map((p) => p.key))];
    expect(keys.some((k) => k.startsWith('system/'))).toBe(true);
    expect(keys).toContain('batch/loss');
    for (const key of keys) {
      const history = (await mlflow('GET', 'metrics/get-history', { run_id: remote.info.run_id, metric_key: key })).metrics;
      const mine = points.filter((p) => p.key === key).map((p) => ({ key, value: p.value, step: p.step, timestamp: p.time }));
      expect(
        history.map((m: any) => ({ key: m.key, value: m.value, step: m.step, timestamp: m.timestamp })),
        key,
      ).toEqual(mine);
    }

    const root = remote.info.artifact_uri.replace('mlflow-artifacts:/', '');
    const auth = { Authorization: `Bearer ${token}` };
    const listed = await (await fetch(`${teamUrl}/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(root + '/model')}`, { headers: auth })).json();
    expect(listed.files.map((f: any) => f.path).sort()).toEqual(expect.arrayContaining(['model.json', 'weights.bin', 'model-card.md', 'preprocessing.json']));
    const core = new Core({ dataDir: local, transport: 'http' });
    try {
      for (const a of artifacts) {
        const got = Buffer.from(await (await fetch(`${teamUrl}/api/2.0/mlflow-artifacts/artifacts/${root}/${a.name}`, { headers: auth })).arrayBuffer());
        expect(got.equals(core.services.blobs.read(a.file_hash)), a.name).toBe(true);
      }
    } finally {
      core.close();
    }
    const card = await (await fetch(`${teamUrl}/api/2.0/mlflow-artifacts/artifacts/${root}/model/model-card.md`, { headers: auth })).text();
    expect(card).toMatch(/Intended use/);
  });

  it('pushing again duplicates nothing; a changed note updates the same run in place', async () => {
    const again = await cairn(local, ['push', '--to', teamUrl, '--experiment', 'team-demo', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ runs: { created: 0, updated: 0, unchanged: 1 }, metrics: 0, artifacts: 0 });

    const core = new Core({ dataDir: local, transport: 'http' });
    await core.dispatch('runs.update', { id: runId, notes: 'Baseline MLP, superseded by v2' });
    core.close();
    const updated = await cairn(local, ['push', '--to', teamUrl, '--experiment', 'team-demo', '--json']);
    expect(updated.json()).toMatchObject({ runs: { created: 0, updated: 1, unchanged: 0 }, metrics: 0, artifacts: 0 });
    const runs = await teamRuns('team-demo');
    expect(runs).toHaveLength(1);
    expect(tagsOf(runs[0])['mlflow.note.content']).toBe('Baseline MLP, superseded by v2');
    const loss = await mlflow('GET', 'metrics/get-history', { run_id: runs[0].info.run_id, metric_key: 'loss' });
    expect(loss.metrics).toHaveLength(6);
  });

  it('--dry-run lists what would change and writes nothing, here or there', async () => {
    logScriptRuns('bulk', 30, 1500);
    const dry = await cairn(local, ['push', '--to', proxy.url, '--experiment', 'bulk', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = dry.json();
    expect(plan).toMatchObject({ dryRun: true, runs: { created: 30, updated: 0, unchanged: 0 }, metrics: 30 * 1500 });
    expect(plan.planned).toHaveLength(30);
    expect(plan.planned.every((p: any) => p.action === 'create' && p.metrics === 1500)).toBe(true);
    expect((await mlflow('GET', 'experiments/get-by-name', { experiment_name: 'bulk' })).status).toBe(404);
    const conn = db(local);
    expect(conn.prepare('SELECT COUNT(*) FROM sync_remote_ids WHERE remote_uri = ?').pluck().get(proxy.url)).toBe(0);
    conn.close();
  });

  it('a push killed halfway (SIGKILL) resumes where it stopped, with no run or point twice', async () => {
    proxy.delayMs = 25;
    const first = cairn(local, ['push', '--to', proxy.url, '--experiment', 'bulk', '--json']);
    const deadline = Date.now() + 60_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const conn = db(local);
      const done = conn
        .prepare("SELECT COUNT(*) FROM sync_remote_ids WHERE remote_uri = ? AND kind = 'run' AND pushed_through IS NOT NULL")
        .pluck()
        .get(proxy.url) as number;
      conn.close();
      if (done >= 6 || Date.now() > deadline) break;
    }
    first.child.kill('SIGKILL');
    const killed = await first;
    expect(killed.code).toBeNull();
    const partial = await teamRuns('bulk');
    expect(partial.length).toBeGreaterThanOrEqual(6);
    expect(partial.length).toBeLessThan(30);

    proxy.delayMs = 0;
    const resumed = await cairn(local, ['push', '--to', proxy.url, '--experiment', 'bulk', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const s = resumed.json();
    expect(s.runs.unchanged).toBeGreaterThanOrEqual(6);
    expect(s.runs.created + s.runs.updated + s.runs.unchanged).toBe(30);
    expect(s.metrics).toBeLessThan(30 * 1500);

    const runs = await teamRuns('bulk');
    expect(runs).toHaveLength(30);
    expect(new Set(runs.map((r) => tagsOf(r)['cairn.run_id'])).size).toBe(30);
    for (const r of runs) {
      const history = (await mlflow('GET', 'metrics/get-history', { run_id: r.info.run_id, metric_key: 'loss' })).metrics as { step: number }[];
      expect(
        history.map((m) => m.step),
        r.info.run_name,
      ).toEqual(Array.from({ length: 1500 }, (_, i) => i));
      expect(r.info.status).toBe('FINISHED');
    }
  });

  it('retries 429 and 503 with backoff, honouring Retry-After, and completes', async () => {
    logScriptRuns('flaky', 3, 1200);
    proxy.faultTimes = [];
    proxy.faults = [{ status: 503 }, { status: 429, retryAfter: '1' }, { status: 502 }, { status: 503 }];
    const pushed = await cairn(local, ['push', '--to', proxy.url, '--experiment', 'flaky', '--json'], { CAIRN_PUSH_RETRY_BASE_MS: '20' });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.json()).toMatchObject({ runs: { created: 3 }, metrics: 3 * 1200, retries: 4 });
    const limited = proxy.faultTimes.find((f) => f.status === 429)!;
    expect(limited.nextAt! - limited.at).toBeGreaterThanOrEqual(950);
    const runs = await teamRuns('flaky');
    expect(runs).toHaveLength(3);
    for (const r of runs) expect((await mlflow('GET', 'metrics/get-history', { run_id: r.info.run_id, metric_key: 'loss' })).metrics).toHaveLength(1200);
  });

  it('a metric batch whose answer was lost is looked up on the server, not sent twice', async () => {
    logScriptRuns('lossy', 2, 1200);
    proxy.dropAnswers = 3;
    const pushed = await cairn(local, ['push', '--to', proxy.url, '--experiment', 'lossy', '--json'], { CAIRN_PUSH_RETRY_BASE_MS: '20' });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(proxy.dropAnswers).toBe(0);
    const runs = await teamRuns('lossy');
    expect(runs).toHaveLength(2);
    for (const r of runs) {
      const history = (await mlflow('GET', 'metrics/get-history', { run_id: r.info.run_id, metric_key: 'loss' })).metrics as { step: number }[];
      expect(history.map((m) => m.step)).toEqual(Array.from({ length: 1200 }, (_, i) => i));
    }
  });

  it("--models registers models, versions from the pushed runs (source: the run's artifact URI) and aliases, once", async () => {
    const trained = await cairn(local, ['train', '--dataset', 'iris', '--epochs', '3', '--experiment', 'registry', '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    const core = new Core({ dataDir: local, transport: 'http' });
    try {
      expect((await core.dispatch('models.register', { runId: trained.json().runId, name: 'iris-clf' })).ok).toBe(true);
      expect((await core.dispatch('models.alias', { name: 'iris-clf', version: 1, alias: 'staging' })).ok).toBe(true);
    } finally {
      core.close();
    }
    const dry = await cairn(local, ['push', '--to', proxy.url, '--experiment', 'registry', '--models', '--dry-run', '--json']);
    expect(dry.json().models).toEqual({ registered: 1, versions: 1, aliases: 1 });
    expect((await mlflow('GET', 'registered-models/get', { name: 'iris-clf' })).status).toBe(404);

    // The team server's own registry (its MLflow REST API over Cairn's registry) receives them.
    const pushed = await cairn(local, ['push', '--to', proxy.url, '--experiment', 'registry', '--models', '--json']);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.json()).toMatchObject({ runs: { created: 1 }, models: { registered: 1, versions: 1, aliases: 1 } });
    const [remote] = await teamRuns('registry');
    const versions = await mlflow('GET', 'model-versions/search', { filter: "name='iris-clf'" });
    expect(versions.model_versions).toHaveLength(1);
    expect(versions.model_versions[0]).toMatchObject({
      name: 'iris-clf',
      version: '1',
      source: `${remote.info.artifact_uri}/model`,
      run_id: remote.info.run_id,
    });
    expect(versions.model_versions[0].tags).toEqual(expect.arrayContaining([{ key: 'cairn.model_version', value: '1' }]));
    const alias = await mlflow('GET', 'registered-models/alias', { name: 'iris-clf', alias: 'staging' });
    expect(alias.status).toBe(200);
    expect(alias.model_version.version).toBe('1');

    const again = await cairn(local, ['push', '--to', proxy.url, '--experiment', 'registry', '--models', '--json']);
    expect(again.json()).toMatchObject({ runs: { unchanged: 1 }, models: { registered: 0, versions: 0, aliases: 0 } });
    expect((await mlflow('GET', 'model-versions/search', { filter: "name='iris-clf'" })).model_versions).toHaveLength(1);
  });

  it('says in one line what is wrong with the server, the credentials or the address, and changes nothing', async () => {
    const wrong = await cairn(local, ['push', '--to', teamUrl, '--experiment', 'team-demo'], { MLFLOW_TRACKING_TOKEN: 'not-the-token' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/refused the credentials \(HTTP 401\)/);
    const scheme = await cairn(local, ['push', '--to', 'file:///tmp/mlruns']);
    expect(scheme.code).toBe(1);
    expect(scheme.stderr.trim()).toMatch(/^cairn: .*http\(s\)/);
    const nowhere = await closedPort();
    const nobody = await cairn(local, ['push', '--to', nowhere, '--experiment', 'team-demo'], { CAIRN_PUSH_RETRY_BASE_MS: '5' });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr.trim()).toBe(`cairn: Cannot reach ${nowhere}: ECONNREFUSED`);
    const conn = db(local);
    expect(conn.prepare('SELECT COUNT(*) FROM sync_remote_ids WHERE remote_uri = ?').pluck().get(nowhere)).toBe(0);
    conn.close();
  });
});

describe('cairn pull', () => {
  it("brings the team's runs into another folder read-only, marked with their origin, beside one's own", async () => {
    const pulled = await cairn(third, ['pull', '--from', teamUrl, '--experiment', 'team-demo', '--json']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json()).toMatchObject({ runs: { created: 1, updated: 0, unchanged: 0 }, own: 0 });

    const listed = (await cairn(third, ['runs', 'list', '--experiment', 'team-demo', '--json'])).json();
    expect(listed).toHaveLength(1);
    const run = listed[0];
    expect(run).toMatchObject({ origin: teamUrl, status: 'finished', tags: { 'cairn.run_id': runId, owner: 'ana' } });
    const conn = db(local);
    const original = conn.prepare("SELECT COUNT(*) AS n, SUM(value) AS total FROM metrics WHERE run_id = ? AND key = 'val_accuracy'").get(runId);
    conn.close();
    const copy = db(third);
    expect(copy.prepare("SELECT COUNT(*) AS n, SUM(value) AS total FROM metrics WHERE run_id = ? AND key = 'val_accuracy'").get(run.id)).toEqual(original);
    copy.close();

    for (const args of [
      ['resume', run.id],
      ['rerun', run.id],
    ]) {
      const refused = await cairn(third, args);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(`cairn: Run ${run.id} was pulled from ${teamUrl} and is read-only here; change it on that server`);
    }
    const core = new Core({ dataDir: third, transport: 'http' });
    try {
      for (const [call, input] of [
        ['runs.update', { id: run.id, notes: 'mine now' }],
        ['runs.delete', { ids: [run.id] }],
      ] as const) {
        const res = await core.dispatch(call, input);
        expect(res).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/read-only here/) } });
      }
      // Starring is this folder's own view of the run, and stays allowed.
      expect(await core.dispatch('runs.update', { id: run.id, starred: true })).toMatchObject({ ok: true, value: { starred: true } });
      // Nor through the MLflow-compatible API a script would log with.
      expect(() => core.services.tracking.logBatch({ run_id: run.id, tags: [{ key: 'x', value: 'y' }] })).toThrow(/read-only here/);
      expect(() => core.services.tracking.updateRun({ run_id: run.id, status: 'FAILED' })).toThrow(/read-only here/);
      expect(core.services.runs.detail(run.id).notes).toBe('Baseline MLP, superseded by v2');
    } finally {
      core.close();
    }

    const again = await cairn(third, ['pull', '--from', teamUrl, '--experiment', 'team-demo', '--json']);
    expect(again.json()).toMatchObject({ runs: { created: 0, updated: 0, unchanged: 1 } });
    const home = await cairn(local, ['pull', '--from', teamUrl, '--experiment', 'team-demo', '--json']);
    expect(home.json()).toMatchObject({ runs: { created: 0 }, own: 1 });

    // --filter is MLflow's search syntax, answered by the server.
    const some = await cairn(third, ['pull', '--from', teamUrl, '--experiment', 'bulk', '--filter', "params.r = '7' and metrics.loss < 8", '--json']);
    expect(some.code, some.stderr).toBe(0);
    expect(some.json()).toMatchObject({ runs: { created: 1 }, metrics: 1500 });
    expect((await cairn(third, ['runs', 'list', '--experiment', 'bulk', '--json'])).json().map((r: { name: string }) => r.name)).toEqual(['bulk-7']);
  });
});

describe('push when a run ends (Settings › pushTo)', () => {
  it('pushes each run as it finishes; an unreachable server is logged and the run still finishes', async () => {
    expect((await cairn(local, ['settings', 'set', '--push-to', teamUrl, '--price-per-hour', '2'])).code).toBe(0);
    // Setting one thing keeps the others.
    expect((await cairn(local, ['settings', 'set', '--currency', 'EUR', '--json'])).json()).toMatchObject({
      pushTo: teamUrl,
      pricePerHour: 2,
      currency: 'EUR',
    });
    const trained = await cairn(local, ['train', '--dataset', 'iris', '--epochs', '3', '--experiment', 'auto', '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    const runs = await teamRuns('auto');
    expect(runs).toHaveLength(1);
    expect(runs[0].info.status).toBe('FINISHED');
    expect(tagsOf(runs[0])['cairn.run_id']).toBe(trained.json().runId);

    const nowhere = await closedPort();
    expect((await cairn(local, ['settings', 'set', '--push-to', nowhere])).code).toBe(0);
    const offline = await cairn(local, ['train', '--dataset', 'iris', '--epochs', '3', '--experiment', 'auto', '--json'], { CAIRN_PUSH_RETRY_BASE_MS: '5' });
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.json().status).toBe('finished');
    expect(offline.stderr).toContain(`to ${nowhere} failed: Cannot reach ${nowhere}: ECONNREFUSED`);
    const off = await cairn(local, ['settings', 'set', '--push-to', 'off', '--json']);
    expect(off.json().pushTo).toBeNull();
  });
});
