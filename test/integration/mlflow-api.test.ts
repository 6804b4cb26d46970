import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { startMlflowHarness, type MlflowHarness } from './mlflow-harness';

// The requests the Python mlflow client (2.x) sends for set_experiment, start_run, log_param,
// log_metric(s), set_tag, log_artifact and end_run, with MLFLOW_TRACKING_TOKEN set, replayed
// as it sends them, with the answers it reads checked field by field.

let h: MlflowHarness;
let core: Core;
let token: string;
let base: string;
let api: MlflowHarness['api'];

beforeAll(async () => {
  h = await startMlflowHarness();
  ({ core, api, token, base } = h);
});
afterAll(() => h.close());

describe('MLflow-compatible tracking API', () => {
  let experimentId: string;
  let runId: string;
  let artifactUri: string;

  it('set_experiment: get-by-name answers RESOURCE_DOES_NOT_EXIST, then create', async () => {
    const missing = await api('GET', 'experiments/get-by-name', { experiment_name: 'demo' });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.stringContaining('demo') });
    const created = await api('POST', 'experiments/create', { name: 'demo' });
    expect(created.status).toBe(200);
    experimentId = created.json.experiment_id;
    expect(experimentId).toMatch(/^\d+$/);
    const again = await api('POST', 'experiments/create', { name: 'demo' });
    expect(again).toMatchObject({ status: 400, json: { error_code: 'RESOURCE_ALREADY_EXISTS' } });
    const got = await api('GET', 'experiments/get', { experiment_id: experimentId });
    expect(got.json.experiment).toMatchObject({
      experiment_id: experimentId,
      name: 'demo',
      lifecycle_stage: 'active',
      artifact_location: `mlflow-artifacts:/${experimentId}`,
    });
  });

  it('start_run: runs/create returns the run with its info', async () => {
    const res = await api('POST', 'runs/create', {
      experiment_id: experimentId,
      user_id: 'ana',
      start_time: 1_700_000_000_000,
      tags: [
        { key: 'mlflow.user', value: 'ana' },
        { key: 'mlflow.source.name', value: 'train.py' },
        { key: 'mlflow.source.type', value: 'LOCAL' },
      ],
      run_name: 'baseline',
    });
    expect(res.status).toBe(200);
    const info = res.json.run.info;
    runId = info.run_id;
    artifactUri = info.artifact_uri;
    expect(info).toMatchObject({
      run_uuid: runId,
      run_name: 'baseline',
      experiment_id: experimentId,
      user_id: 'ana',
      status: 'RUNNING',
      start_time: 1_700_000_000_000,
      lifecycle_stage: 'active',
    });
    expect(artifactUri).toBe(`mlflow-artifacts:/${experimentId}/${runId}/artifacts`);
    expect(res.json.run.data.tags).toEqual(
      expect.arrayContaining([
        { key: 'mlflow.runName', value: 'baseline' },
        { key: 'mlflow.source.name', value: 'train.py' },
      ]),
    );
  });

  it('log_param, log_metric, log_metrics (log-batch) and set_tag', async () => {
    expect((await api('POST', 'runs/log-parameter', { run_id: runId, run_uuid: runId, key: 'lr', value: '0.01' })).status).toBe(200);
    for (let step = 0; step < 5; step++) {
      const r = await api('POST', 'runs/log-metric', {
        run_id: runId,
        run_uuid: runId,
        key: 'loss',
        value: 1 / (step + 1),
        timestamp: 1_700_000_000_000 + step,
        step,
      });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({});
    }
    const batch = await api('POST', 'runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'acc', value: 0.8, timestamp: 1_700_000_001_000, step: 4 },
        { key: 'acc', value: 0.9, timestamp: 1_700_000_002_000, step: 5 },
      ],
      params: [{ key: 'batch_size', value: '32' }],
      tags: [{ key: 'owner', value: 'ana' }],
    });
    expect(batch.status).toBe(200);
    expect((await api('POST', 'runs/set-tag', { run_id: runId, run_uuid: runId, key: 'stage', value: 'dev' })).status).toBe(200);
    expect((await api('POST', 'runs/delete-tag', { run_id: runId, key: 'stage' })).status).toBe(200);
  });

  it('keeps a param immutable as MLflow does', async () => {
    const same = await api('POST', 'runs/log-parameter', { run_id: runId, key: 'lr', value: '0.01' });
    expect(same.status).toBe(200);
    const changed = await api('POST', 'runs/log-parameter', { run_id: runId, key: 'lr', value: '0.1' });
    expect(changed.status).toBe(400);
    expect(changed.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(changed.json.message).toMatch(/Changing param values is not allowed/);
  });

  it('enforces the log-batch limits with MLflow error bodies, logging nothing', async () => {
    const metrics = Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: 1, step: i }));
    const tooMany = await api('POST', 'runs/log-batch', { run_id: runId, metrics });
    expect(tooMany).toMatchObject({ status: 400, json: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringMatching(/at most 1000 metrics/) } });
    const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: '1' }));
    expect((await api('POST', 'runs/log-batch', { run_id: runId, params })).json.message).toMatch(/at most 100 params/);
    const tags = Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: '1' }));
    expect((await api('POST', 'runs/log-batch', { run_id: runId, tags })).json.message).toMatch(/at most 100 tags/);
    const mixed = await api('POST', 'runs/log-batch', { run_id: runId, metrics: metrics.slice(0, 950), params: params.slice(0, 51) });
    expect(mixed.json.message).toMatch(/^A batch logging request can contain at most 1000 metrics, params, and tags\. Got 1001/);
    const bad = await api('POST', 'runs/log-batch', { run_id: runId, metrics: [{ key: 'x', value: 'abc', timestamp: 1, step: 0 }] });
    expect(bad.json).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    const history = await api('GET', 'metrics/get-history', { run_id: runId, metric_key: 'm' });
    expect(history.json.metrics).toEqual([]);
  });

  it('uploads, lists and downloads artifacts through the mlflow-artifacts proxy', async () => {
    const root = artifactUri.replace('mlflow-artifacts:/', '');
    const put = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${root}/model/weights.bin`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}` },
      body: Buffer.from([1, 2, 3, 4]),
    });
    expect(put.status).toBe(200);
    await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${root}/notes.txt`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}` },
      body: 'hello',
    });
    const listed = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(root)}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await listed.json()).toEqual({
      files: [
        { path: 'model', is_dir: true },
        { path: 'notes.txt', is_dir: false, file_size: 5 },
      ],
    });
    const sub = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(root + '/model')}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await sub.json()).toEqual({ files: [{ path: 'weights.bin', is_dir: false, file_size: 4 }] });
    const got = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${root}/model/weights.bin`, { headers: { Authorization: `Bearer ${token}` } });
    expect([...new Uint8Array(await got.arrayBuffer())]).toEqual([1, 2, 3, 4]);
    const escape = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${root}/../../x`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}` },
      body: 'x',
    });
    expect(escape.status).toBeGreaterThanOrEqual(400);
  });

  it('end_run: runs/update sets status and end time; get returns the latest metrics, params and tags', async () => {
    const upd = await api('POST', 'runs/update', { run_id: runId, run_uuid: runId, status: 'FINISHED', end_time: 1_700_000_009_000 });
    expect(upd.json.run_info).toMatchObject({ status: 'FINISHED', end_time: 1_700_000_009_000 });
    const run = (await api('GET', 'runs/get', { run_id: runId })).json.run;
    expect(run.data.metrics).toEqual([
      { key: 'acc', value: 0.9, timestamp: 1_700_000_002_000, step: 5 },
      { key: 'loss', value: 0.2, timestamp: 1_700_000_000_004, step: 4 },
    ]);
    expect(run.data.params).toEqual([
      { key: 'lr', value: '0.01' },
      { key: 'batch_size', value: '32' },
    ]);
    expect(run.data.tags).toEqual(expect.arrayContaining([{ key: 'owner', value: 'ana' }]));
    expect(run.data.tags.find((t: { key: string }) => t.key === 'stage')).toBeUndefined();
    const history = await api('GET', 'metrics/get-history', { run_id: runId, metric_key: 'loss' });
    expect(history.json.metrics.map((m: { step: number; value: number }) => [m.step, m.value])).toEqual([
      [0, 1],
      [1, 0.5],
      [2, 1 / 3],
      [3, 0.25],
      [4, 0.2],
    ]);
  });

  it('searches runs with MLflow filter and order_by syntax, paging with tokens', async () => {
    for (const lr of ['0.1', '0.001']) {
      const r = await api('POST', 'runs/create', { experiment_id: experimentId, run_name: `lr-${lr}`, start_time: Date.now() });
      await api('POST', 'runs/log-batch', {
        run_id: r.json.run.info.run_id,
        params: [{ key: 'lr', value: lr }],
        metrics: [{ key: 'loss', value: Number(lr) * 3, timestamp: Date.now(), step: 0 }],
      });
    }
    const found = await api('POST', 'runs/search', {
      experiment_ids: [experimentId],
      filter: "params.lr = '0.01' and attributes.status = 'FINISHED'",
      max_results: 10,
    });
    expect(found.json.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([runId]);
    const numeric = await api('POST', 'runs/search', { experiment_ids: [experimentId], filter: 'metrics.loss < 0.25', order_by: ['metrics.loss ASC'] });
    expect(numeric.json.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual(['lr-0.001', 'baseline']);
    const page1 = await api('POST', 'runs/search', { experiment_ids: [experimentId], max_results: 2 });
    expect(page1.json.runs).toHaveLength(2);
    expect(page1.json.next_page_token).toBeTruthy();
    const page2 = await api('POST', 'runs/search', { experiment_ids: [experimentId], max_results: 2, page_token: page1.json.next_page_token });
    expect(page2.json.runs).toHaveLength(1);
    expect(page2.json.next_page_token).toBeUndefined();
    const bad = await api('POST', 'runs/search', { experiment_ids: [experimentId], filter: 'metrics.loss <' });
    expect(bad).toMatchObject({ status: 400, json: { error_code: 'INVALID_PARAMETER_VALUE' } });
    const exps = await api('POST', 'experiments/search', { max_results: 10, filter: "name = 'demo'" });
    expect(exps.json.experiments.map((e: { name: string }) => e.name)).toEqual(['demo']);
  });

  it('shows MLflow-logged runs in Cairn next to its own, and they are never marked interrupted', () => {
    const page = core.services.runs.query({ filter: 'params.lr < 0.05 and metrics.acc >= 0.9', offset: 0, limit: 10 });
    expect(page.runs.map((r) => r.id)).toEqual([runId]);
    expect(page.runs[0]).toMatchObject({ name: 'baseline', experimentName: 'demo', status: 'finished', modelType: 'external' });
    const running = core.services.runs.query({ filter: 'status = running', offset: 0, limit: 10 }).runs;
    expect(running.length).toBe(2);
    expect(core.services.runs.interruptOrphans(() => false)).toEqual([]);
  });

  it('answers errors as MLflow does: unknown run, no token, unknown endpoint, delete and restore', async () => {
    expect(await api('GET', 'runs/get', { run_id: 'f'.repeat(32) })).toMatchObject({ status: 404, json: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    expect(await api('GET', 'runs/get', { run_id: runId }, { auth: false })).toMatchObject({ status: 401, json: { error_code: 'UNAUTHENTICATED' } });
    expect(await api('POST', 'runs/nope', {})).toMatchObject({ status: 404, json: { error_code: 'ENDPOINT_NOT_FOUND' } });
    expect((await api('POST', 'runs/delete', { run_id: runId })).status).toBe(200);
    expect((await api('GET', 'runs/get', { run_id: runId })).json.run.info.lifecycle_stage).toBe('deleted');
    // MLflow's _check_run_is_active: INVALID_PARAMETER_VALUE, with its message.
    expect((await api('POST', 'runs/log-metric', { run_id: runId, key: 'x', value: 1, timestamp: 1, step: 0 })).json).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: `The run ${runId} must be in the 'active' state. Current state is deleted.`,
    });
    const active = await api('POST', 'runs/search', { experiment_ids: [experimentId] });
    expect(active.json.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).not.toContain(runId);
    const deleted = await api('POST', 'runs/search', { experiment_ids: [experimentId], run_view_type: 'DELETED_ONLY' });
    expect(deleted.json.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([runId]);
    expect((await api('POST', 'runs/restore', { run_id: runId })).status).toBe(200);
    expect((await api('GET', 'runs/get', { run_id: runId })).json.run.info.lifecycle_stage).toBe('active');
  });

  it('answers 503 TEMPORARILY_UNAVAILABLE (which the client retries) while another process holds the store, then logs', async () => {
    const other = new Database(core.services.db.name);
    other.prepare('BEGIN IMMEDIATE').run();
    const waited = core.services.db.pragma('busy_timeout', { simple: true }) as number;
    core.services.db.pragma('busy_timeout = 100');
    try {
      const metric = { key: 'while_locked', value: 1, timestamp: Date.now(), step: 0 };
      const locked = await api('POST', 'runs/log-batch', { run_id: runId, metrics: [metric] });
      expect(locked).toMatchObject({ status: 503, json: { error_code: 'TEMPORARILY_UNAVAILABLE', message: expect.stringMatching(/busy/) } });
      other.prepare('COMMIT').run();
      expect((await api('POST', 'runs/log-batch', { run_id: runId, metrics: [metric] })).status).toBe(200);
      expect((await api('GET', 'metrics/get-history', { run_id: runId, metric_key: 'while_locked' })).json.metrics).toHaveLength(1);
    } finally {
      if (other.inTransaction) other.prepare('ROLLBACK').run();
      other.close();
      core.services.db.pragma(`busy_timeout = ${waited}`);
    }
  });
});
