import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMlflowHarness, type MlflowHarness } from './mlflow-harness';

// The Python mlflow client's request sequences (bodies and order as mlflow 2.x's RestStore sends
// them) replayed against `cairn serve`, with MLflow's answer shapes checked: a script run with
// MLFLOW_TRACKING_URI pointing at Cairn must work unchanged.

let h: MlflowHarness;
let api: MlflowHarness['api'];

beforeAll(async () => {
  h = await startMlflowHarness();
  api = h.api;
});
afterAll(() => h.close());

const T0 = 1_700_000_000_000;
const SOURCE_TAGS = [
  { key: 'mlflow.user', value: 'ana' },
  { key: 'mlflow.source.name', value: 'train.py' },
  { key: 'mlflow.source.type', value: 'LOCAL' },
];

async function createRun(body: Record<string, unknown>): Promise<string> {
  const res = await api('POST', 'runs/create', { experiment_id: '0', user_id: 'ana', start_time: T0, tags: SOURCE_TAGS, ...body });
  expect(res.status).toBe(200);
  return res.json.run.info.run_id as string;
}

const names = (res: { json: Record<string, any> }) => (res.json.runs ?? []).map((r: { info: { run_name: string } }) => r.info.run_name);

describe('mlflow.start_run() with no experiment set: the default experiment "0"', () => {
  it('logs into experiment "0", which is Cairn\'s Default, and search_runs() finds the run', async () => {
    // start_run() asks for no experiment: the fluent API uses DEFAULT_EXPERIMENT_ID = "0".
    const got = await api('GET', 'experiments/get', { experiment_id: '0' });
    expect(got.status).toBe(200);
    expect(got.json.experiment).toMatchObject({ experiment_id: '0', name: 'Default', lifecycle_stage: 'active', artifact_location: 'mlflow-artifacts:/0' });
    expect((await api('GET', 'experiments/get-by-name', { experiment_name: 'Default' })).json.experiment.experiment_id).toBe('0');

    const runId = await createRun({ run_name: 'default-run' });
    const run = (await api('GET', 'runs/get', { run_id: runId })).json.run;
    expect(run.info).toMatchObject({ experiment_id: '0', artifact_uri: `mlflow-artifacts:/0/${runId}/artifacts` });
    // mlflow.search_runs() sends the active experiment, "0".
    const found = await api('POST', 'runs/search', { experiment_ids: ['0'], filter: '', run_view_type: 'ACTIVE_ONLY', max_results: 1000, order_by: [] });
    expect(found.json.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toContain(runId);
    // In Cairn it is a run of the Default experiment, next to Cairn's own.
    expect(h.core.services.runs.summary(runId)).toMatchObject({ experimentName: 'Default', experimentId: 1 });
    // runs/create with no experiment_id at all goes to the default too.
    const bare = await api('POST', 'runs/create', { start_time: T0, tags: [] });
    expect(bare.json.run.info.experiment_id).toBe('0');
  });
});

describe('log_metric with NaN and ±Infinity', () => {
  it('stores the values the client sends as "NaN"/"Infinity"/"-Infinity", returns them from get-history, and Cairn skips them visibly', async () => {
    const runId = await createRun({ run_name: 'nan-run' });
    const logged = [
      { value: 1.5, step: 0 },
      { value: 'NaN', step: 1 },
      { value: 0.5, step: 2 },
      { value: 'Infinity', step: 3 },
    ];
    for (const [i, m] of logged.entries()) {
      const r = await api('POST', 'runs/log-metric', { run_id: runId, run_uuid: runId, key: 'loss', value: m.value, timestamp: T0 + i, step: m.step });
      expect(r).toEqual({ status: 200, json: {} });
    }
    const batch = await api('POST', 'runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'loss', value: '-Infinity', timestamp: T0 + 10, step: 4 },
        { key: 'gap', value: 'NaN', timestamp: T0 + 11, step: 0 },
      ],
      params: [],
      tags: [],
    });
    expect(batch.status).toBe(200);

    // MLflow's client pages get-history with max_results=25000.
    const history = await api('GET', 'metrics/get-history', { run_id: runId, run_uuid: runId, metric_key: 'loss', max_results: 25000 });
    expect(history.json).toEqual({
      metrics: [
        { key: 'loss', value: 1.5, timestamp: T0, step: 0 },
        { key: 'loss', value: 'NaN', timestamp: T0 + 1, step: 1 },
        { key: 'loss', value: 0.5, timestamp: T0 + 2, step: 2 },
        { key: 'loss', value: 'Infinity', timestamp: T0 + 3, step: 3 },
        { key: 'loss', value: '-Infinity', timestamp: T0 + 10, step: 4 },
      ],
    });
    // The run's latest value is the last logged one, non-finite or not, as MLflow's latest_metrics.
    const run = (await api('GET', 'runs/get', { run_id: runId })).json.run;
    expect(run.data.metrics).toEqual([
      { key: 'gap', value: 'NaN', timestamp: T0 + 11, step: 0 },
      { key: 'loss', value: '-Infinity', timestamp: T0 + 10, step: 4 },
    ]);

    // Cairn's summaries (run lists, best/last values, charts) hold finite values only and count the rest.
    const summary = h.core.services.runs.summary(runId);
    expect(summary.metrics.loss).toEqual({ last: 0.5, min: 0.5, max: 1.5, step: 2 });
    expect(summary.metrics.gap).toBeUndefined();
    expect(summary.nonFiniteMetrics).toEqual({ loss: 3, gap: 1 });
    const series = h.core.services.metrics.series([runId], ['loss'], 100);
    expect(series[0].values).toEqual([1.5, 0.5]);
  });

  it("refuses a value that is no double, with MLflow's message, logging nothing", async () => {
    const runId = await createRun({ run_name: 'bad-values' });
    for (const value of ['abc', 'nan', true, null]) {
      const r = await api('POST', 'runs/log-metric', { run_id: runId, key: 'm', value, timestamp: T0, step: 0 });
      expect(r.status).toBe(400);
      expect(r.json).toEqual({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: `Got invalid value ${String(value)} for metric 'm' (timestamp=${T0}). Please specify value as a valid double (64-bit floating point)`,
      });
    }
    expect((await api('GET', 'metrics/get-history', { run_id: runId, metric_key: 'm' })).json.metrics).toEqual([]);
  });
});

describe("search_runs(filter_string=...) with MLflow's grammar", () => {
  let exp: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    exp = (await api('POST', 'experiments/create', { name: 'grammar' })).json.experiment_id;
    const runs = [
      {
        name: 'alpha',
        user: 'ana',
        params: { model: 'LogisticRegression', cfg: 'dry-run.yaml', x: 'v' },
        tags: { 'a.b': 'dotted', team: 'Vision' },
        acc: 0.9,
        start: T0 + 1000,
        status: 'FINISHED',
      },
      {
        name: 'beta',
        user: 'bo',
        params: { model: 'logistic-tree', cfg: 'full.yaml', x: 'w' },
        tags: { team: 'nlp' },
        acc: 0.7,
        start: T0 + 2000,
        status: 'FAILED',
      },
      { name: 'gamma', user: 'ana', params: { model: 'MLP' }, tags: {}, acc: 0.8, start: T0 + 3000, status: 'RUNNING' },
    ];
    for (const r of runs) {
      const id = (
        await api('POST', 'runs/create', {
          experiment_id: exp,
          user_id: r.user,
          start_time: r.start,
          run_name: r.name,
          tags: Object.entries(r.tags).map(([key, value]) => ({ key, value })),
        })
      ).json.run.info.run_id;
      ids[r.name] = id;
      await api('POST', 'runs/log-batch', {
        run_id: id,
        params: Object.entries(r.params).map(([key, value]) => ({ key, value })),
        metrics: [{ key: 'acc', value: r.acc, timestamp: r.start, step: 0 }],
      });
      if (r.status !== 'RUNNING') await api('POST', 'runs/update', { run_id: id, run_uuid: id, status: r.status, end_time: r.start + 500 });
    }
  });

  const search = (filter: string, order_by: string[] = []) =>
    api('POST', 'runs/search', { experiment_ids: [exp], filter, run_view_type: 'ACTIVE_ONLY', max_results: 1000, order_by });

  it.each([
    ["tags.mlflow.runName = 'beta'", ['beta']],
    ["tags.`a.b` = 'dotted'", ['alpha']],
    ['tags."a.b" = \'dotted\'', ['alpha']],
    ["params.cfg = 'dry-run.yaml'", ['alpha']],
    ['params.cfg = "dry-run.yaml"', ['alpha']],
    // LIKE is case-sensitive, ILIKE is not (SearchUtils._like / _ilike).
    ["params.model LIKE 'Logistic%'", ['alpha']],
    ["params.model LIKE 'logistic%'", ['beta']],
    ["params.model ILIKE 'logistic%'", ['beta', 'alpha']],
    ["params.model LIKE '_LP'", ['gamma']],
    ["tags.team ILIKE 'VISION'", ['alpha']],
    // A run without the param does not match !=: MLflow's SQL store joins on the key.
    ["params.x != 'v'", ['beta']],
    ["run_name = 'gamma'", ['gamma']],
    ["attributes.run_name = 'alpha'", ['alpha']],
    ["attributes.`Run name` = 'alpha'", ['alpha']],
    ["attributes.user_id = 'ana'", ['gamma', 'alpha']],
    ["attributes.status = 'FAILED'", ['beta']],
    ["status != 'RUNNING'", ['beta', 'alpha']],
    ["attributes.status LIKE 'FIN%'", ['alpha']],
    [`attributes.start_time > ${T0 + 1500}`, ['gamma', 'beta']],
    [`attributes.created <= ${T0 + 1000}`, ['alpha']],
    [`attributes.end_time = ${T0 + 2500}`, ['beta']],
    ['metrics.acc >= 0.8', ['gamma', 'alpha']],
    ["metrics.acc > 0.75 and params.model ILIKE '%logistic%'", ['alpha']],
  ])('%s', async (filter, expected) => {
    const res = await search(filter as string);
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(expected);
  });

  it('takes IN and NOT IN lists for run_id', async () => {
    expect(names(await search(`attributes.run_id IN ('${ids.alpha}', '${ids.gamma}')`))).toEqual(['gamma', 'alpha']);
    expect(names(await search(`run_id NOT IN ('${ids.alpha}')`))).toEqual(['gamma', 'beta']);
  });

  it('orders by attributes, metrics, params and tags, ASC or DESC, missing values last', async () => {
    expect(names(await search('', []))).toEqual(['gamma', 'beta', 'alpha']);
    expect(names(await search('', ['start_time DESC']))).toEqual(['gamma', 'beta', 'alpha']);
    expect(names(await search('', ['attributes.start_time ASC']))).toEqual(['alpha', 'beta', 'gamma']);
    expect(names(await search('', ['metrics.acc DESC']))).toEqual(['alpha', 'gamma', 'beta']);
    expect(names(await search('', ['metrics.acc']))).toEqual(['beta', 'gamma', 'alpha']);
    expect(names(await search('', ['params.cfg ASC']))).toEqual(['alpha', 'beta', 'gamma']);
    expect(names(await search('', ['params.cfg DESC']))).toEqual(['beta', 'alpha', 'gamma']);
    expect(names(await search('', ['tags.team DESC']))).toEqual(['beta', 'alpha', 'gamma']);
    expect(names(await search('', ['attributes.run_name DESC']))).toEqual(['gamma', 'beta', 'alpha']);
    expect(names(await search('', ['attributes.user_id ASC', 'metrics.acc ASC']))).toEqual(['gamma', 'alpha', 'beta']);
  });

  it('refuses what MLflow refuses, with INVALID_PARAMETER_VALUE', async () => {
    for (const bad of [
      "params.x = 'v' OR params.x = 'w'",
      'params.x = v',
      'params.x = 1',
      "metrics.acc = 'high'",
      "metrics.acc LIKE '0.9'",
      "attributes.bogus = 'x'",
      "status IN ('FAILED')",
      "wrong.key = 'x'",
      'attributes.start_time > now',
      "params.x = 'unterminated",
    ]) {
      const res = await search(bad);
      expect(res.status, bad).toBe(400);
      expect(res.json.error_code, bad).toBe('INVALID_PARAMETER_VALUE');
    }
    expect((await search('', ['metrics.acc SIDEWAYS'])).json.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('serves runs/search over GET too, lists repeated in the query string', async () => {
    const res = await api('GET', 'runs/search', {
      experiment_ids: [exp],
      filter: "params.model ILIKE 'logistic%'",
      order_by: ['start_time ASC'],
      max_results: 1,
    });
    expect(names(res)).toEqual(['alpha']);
    const next = await api('GET', 'runs/search', {
      experiment_ids: [exp],
      filter: "params.model ILIKE 'logistic%'",
      order_by: ['start_time ASC'],
      max_results: 1,
      page_token: res.json.next_page_token,
    });
    expect(names(next)).toEqual(['beta']);
    expect(next.json.next_page_token).toBeUndefined();
  });
});

describe('artifacts/list and the GET variants', () => {
  it("lists a run's artifacts with paths from the root, folder by folder", async () => {
    const runId = await createRun({ run_name: 'artifacts' });
    const root = `0/${runId}/artifacts`;
    for (const [p, body] of [
      ['model/MLmodel', 'flavors: {}'],
      ['model/data/weights.bin', 'wwww'],
      ['notes.txt', 'hello'],
    ]) {
      const put = await fetch(`${h.base}/api/2.0/mlflow-artifacts/artifacts/${root}/${p}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${h.token}` },
        body,
      });
      expect(put.status).toBe(200);
    }
    const top = await api('GET', 'artifacts/list', { run_id: runId, run_uuid: runId });
    expect(top.json).toEqual({
      root_uri: `mlflow-artifacts:/0/${runId}/artifacts`,
      files: [
        { path: 'model', is_dir: true },
        { path: 'notes.txt', is_dir: false, file_size: 5 },
      ],
    });
    const model = await api('GET', 'artifacts/list', { run_id: runId, path: 'model' });
    expect(model.json.files).toEqual([
      { path: 'model/MLmodel', is_dir: false, file_size: 11 },
      { path: 'model/data', is_dir: true },
    ]);
    // A folder is named exactly, case included, as on MLflow's file store: `Model` is not `model`.
    expect((await api('GET', 'artifacts/list', { run_id: runId, path: 'Model' })).json.files).toEqual([]);
    for (const bad of ['../other', '/etc', 'model//data', 'model/./data']) {
      expect((await api('GET', 'artifacts/list', { run_id: runId, path: bad })).json.error_code, bad).toBe('INVALID_PARAMETER_VALUE');
    }
    // (fetch resolves `.` and `..` in URLs itself; an empty part reaches the server.)
    const put = await fetch(`${h.base}/api/2.0/mlflow-artifacts/artifacts/${root}/model//f.txt`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${h.token}` },
      body: 'x',
    });
    expect(put.status).toBe(400);
    expect((await api('POST', 'artifacts/list', { run_id: runId })).json.error_code).toBe('ENDPOINT_NOT_FOUND');
  });

  it('answers every get and search endpoint over GET', async () => {
    const runId = await createRun({ run_name: 'gets' });
    await api('POST', 'runs/log-metric', { run_id: runId, key: 'm', value: 1, timestamp: T0, step: 0 });
    expect((await api('GET', 'runs/get', { run_id: runId })).status).toBe(200);
    expect((await api('GET', 'experiments/get', { experiment_id: '0' })).status).toBe(200);
    expect((await api('GET', 'experiments/get-by-name', { experiment_name: 'Default' })).status).toBe(200);
    expect(
      (await api('GET', 'experiments/search', { max_results: 10, filter: "name = 'Default'" })).json.experiments.map((e: { name: string }) => e.name),
    ).toEqual(['Default']);
    expect((await api('GET', 'runs/search', { experiment_ids: '0', max_results: 5 })).status).toBe(200);
    expect((await api('GET', 'metrics/get-history', { run_id: runId, metric_key: 'm' })).json.metrics).toHaveLength(1);
    expect((await api('GET', 'metrics/get-history-bulk-interval', { run_ids: [runId], metric_key: 'm', max_results: 10 })).json.metrics).toEqual([
      { key: 'm', value: 1, timestamp: T0, step: 0, run_id: runId },
    ]);
  });
});

describe("validation as MLflow's validation.py", () => {
  it('refuses keys that would resolve to other names as paths, for params, metrics and tags', async () => {
    const runId = await createRun({ run_name: 'keys' });
    for (const key of ['../evil', '/abs', 'a//b', 'a/', '.', 'x/../y', 'semi;colon']) {
      for (const [endpoint, body] of [
        ['runs/log-parameter', { run_id: runId, key, value: '1' }],
        ['runs/log-metric', { run_id: runId, key, value: 1, timestamp: T0, step: 0 }],
        ['runs/set-tag', { run_id: runId, key, value: 'x' }],
        ['runs/log-batch', { run_id: runId, params: [{ key, value: '1' }] }],
      ] as const) {
        const r = await api('POST', endpoint, body);
        expect(r.status, `${endpoint} ${key}`).toBe(400);
        expect(r.json.error_code).toBe('INVALID_PARAMETER_VALUE');
        expect(r.json.message).toMatch(new RegExp(`^Invalid (parameter|metric|tag) name: '${key.replace(/[.*/]/g, '\\$&')}'\\. Names may`));
      }
    }
    const run = (await api('GET', 'runs/get', { run_id: runId })).json.run;
    expect(run.data.params).toEqual([]);
    expect(run.data.metrics).toEqual([]);
    // Keys MLflow accepts: slashes inside, dots, dashes, spaces, colons.
    expect((await api('POST', 'runs/log-batch', { run_id: runId, params: [{ key: 'opt/lr-0.1 x:y', value: '1' }] })).status).toBe(200);
  });

  it('pages get-history with max_results and page_token', async () => {
    const runId = await createRun({ run_name: 'paged' });
    const metrics = Array.from({ length: 7 }, (_, i) => ({ key: 'p', value: i, timestamp: T0 + i, step: i }));
    await api('POST', 'runs/log-batch', { run_id: runId, metrics });
    const seen: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await api('GET', 'metrics/get-history', { run_id: runId, metric_key: 'p', max_results: 3, ...(token && { page_token: token }) });
      expect(page.status).toBe(200);
      seen.push(...page.json.metrics.map((m: { step: number }) => m.step));
      token = page.json.next_page_token;
      pages++;
    } while (token);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(pages).toBe(3);
    expect((await api('GET', 'metrics/get-history', { run_id: runId, metric_key: 'p', max_results: 0 })).json.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('search_experiments honours order_by and tags. filters', async () => {
    const a = (await api('POST', 'experiments/create', { name: 'exp-a', tags: [{ key: 'team', value: 'vision' }] })).json.experiment_id;
    const b = (await api('POST', 'experiments/create', { name: 'exp-b', tags: [{ key: 'team', value: 'nlp' }] })).json.experiment_id;
    const exps = (res: { json: Record<string, any> }) => res.json.experiments.map((e: { name: string }) => e.name);
    expect(exps(await api('POST', 'experiments/search', { filter: "tags.team = 'vision'", max_results: 10 }))).toEqual(['exp-a']);
    expect(exps(await api('POST', 'experiments/search', { filter: "tags.team ILIKE '%N%'", order_by: ['name DESC'], max_results: 10 }))).toEqual([
      'exp-b',
      'exp-a',
    ]);
    expect(exps(await api('POST', 'experiments/search', { filter: "name LIKE 'exp-%'", order_by: ['experiment_id ASC'], max_results: 10 }))).toEqual([
      'exp-a',
      'exp-b',
    ]);
    expect(exps(await api('POST', 'experiments/search', { filter: "name LIKE 'EXP-%'", max_results: 10 }))).toEqual([]);
    expect((await api('POST', 'experiments/search', { filter: "params.x = '1'" })).json.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(Number(b)).toBeGreaterThan(Number(a));
  });

  it("refuses logging to a deleted run with MLflow's message", async () => {
    const runId = await createRun({ run_name: 'deleted' });
    await api('POST', 'runs/delete', { run_id: runId });
    const message = `The run ${runId} must be in the 'active' state. Current state is deleted.`;
    for (const [endpoint, body] of [
      ['runs/log-metric', { run_id: runId, key: 'm', value: 1, timestamp: T0, step: 0 }],
      ['runs/log-parameter', { run_id: runId, key: 'p', value: '1' }],
      ['runs/set-tag', { run_id: runId, key: 't', value: '1' }],
      ['runs/log-batch', { run_id: runId, metrics: [] }],
      ['runs/update', { run_id: runId, status: 'FINISHED' }],
    ] as const) {
      expect(await api('POST', endpoint, body)).toEqual({ status: 400, json: { error_code: 'INVALID_PARAMETER_VALUE', message } });
    }
  });
});

describe('mlflow.log_input: dataset inputs on the run', () => {
  it('stores the dataset with digest, source and schema, shows it on the run, and dataset.* filters find it', async () => {
    const runId = await createRun({ run_name: 'with-input' });
    const dataset = {
      name: 'iris',
      digest: '2d4c5c1e',
      source_type: 'local',
      source: '{"uri": "/data/iris.csv"}',
      schema: '{"mlflow_colspec": [{"type": "double", "name": "sepal_length"}]}',
      profile: '{"num_rows": 150}',
    };
    const body = { run_id: runId, datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }] };
    expect(await api('POST', 'runs/log-inputs', body)).toEqual({ status: 200, json: {} });
    // Logging the same dataset again keeps one input.
    expect((await api('POST', 'runs/log-inputs', body)).status).toBe(200);
    const run = (await api('GET', 'runs/get', { run_id: runId })).json.run;
    expect(run.inputs).toEqual({ dataset_inputs: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }] });
    // The app's run page shows it.
    expect(h.core.services.runs.detail(runId).inputs).toEqual([
      { name: 'iris', digest: '2d4c5c1e', sourceType: 'local', source: dataset.source, schema: dataset.schema, profile: dataset.profile, context: 'training' },
    ]);
    const found = await api('POST', 'runs/search', { experiment_ids: ['0'], filter: "dataset.name = 'iris' AND dataset.context = 'training'" });
    expect(found.json.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([runId]);
    expect((await api('POST', 'runs/search', { experiment_ids: ['0'], filter: "dataset.digest = 'other'" })).json.runs ?? []).toEqual([]);
    const missing = await api('POST', 'runs/log-inputs', { run_id: runId, datasets: [{ dataset: { name: 'x' } }] });
    expect(missing.json).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: "Missing value for required parameter 'dataset.digest'." });
  });
});

describe('experiments update, delete, restore and set-experiment-tag', () => {
  it('renames, deletes softly (searchable with view_type), restores and tags, as MlflowClient does', async () => {
    const id = (await api('POST', 'experiments/create', { name: 'lifecycle' })).json.experiment_id;
    expect((await api('POST', 'experiments/update', { experiment_id: id, new_name: 'lifecycle-2' })).status).toBe(200);
    expect((await api('GET', 'experiments/get', { experiment_id: id })).json.experiment.name).toBe('lifecycle-2');
    expect((await api('POST', 'experiments/set-experiment-tag', { experiment_id: id, key: 'owner', value: 'ana' })).status).toBe(200);
    expect((await api('GET', 'experiments/get', { experiment_id: id })).json.experiment.tags).toEqual([{ key: 'owner', value: 'ana' }]);

    expect((await api('POST', 'experiments/delete', { experiment_id: id })).status).toBe(200);
    expect((await api('GET', 'experiments/get', { experiment_id: id })).json.experiment.lifecycle_stage).toBe('deleted');
    const active = await api('POST', 'experiments/search', { max_results: 100, filter: "name = 'lifecycle-2'" });
    expect(active.json.experiments ?? []).toEqual([]);
    const deleted = await api('POST', 'experiments/search', { max_results: 100, filter: "name = 'lifecycle-2'", view_type: 'DELETED_ONLY' });
    expect(deleted.json.experiments.map((e: { experiment_id: string }) => e.experiment_id)).toEqual([id]);
    expect(await api('POST', 'runs/create', { experiment_id: id, start_time: T0 })).toEqual({
      status: 400,
      json: { error_code: 'INVALID_PARAMETER_VALUE', message: `The experiment ${id} must be in the 'active' state. Current state is deleted.` },
    });
    expect((await api('POST', 'experiments/restore', { experiment_id: id })).status).toBe(200);
    expect((await api('GET', 'experiments/get', { experiment_id: id })).json.experiment.lifecycle_stage).toBe('active');
    expect((await api('POST', 'experiments/delete', { experiment_id: '0' })).json.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await api('POST', 'experiments/delete', { experiment_id: '999' })).json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});

describe('model registry: register_model, aliases, stages, search', () => {
  let runId: string;

  async function putArtifact(rel: string, body: string) {
    const res = await fetch(`${h.base}/api/2.0/mlflow-artifacts/artifacts/0/${runId}/artifacts/${rel}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${h.token}` },
      body,
    });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    runId = await createRun({ run_name: 'to-register' });
    // mlflow.sklearn.log_model(model, "model") uploads the model folder as artifacts.
    await putArtifact('model/MLmodel', 'artifact_path: model\nflavors:\n  sklearn: {}\n');
    await putArtifact('model/model.pkl', 'pickle-bytes');
    await api('POST', 'runs/update', { run_id: runId, status: 'FINISHED', end_time: T0 + 1 });
  });

  it("log_model: runs/log-model records the MLmodel (less signature and input example) in the run's mlflow.log-model.history tag", async () => {
    const model = {
      artifact_path: 'model',
      flavors: { sklearn: { sklearn_version: '1.5.0' } },
      utc_time_created: '2026-12-03 10:00:00.000000',
      run_id: runId,
      model_uuid: 'abc',
      signature: { inputs: '[]' },
    };
    expect(await api('POST', 'runs/log-model', { run_id: runId, model_json: JSON.stringify(model) })).toEqual({ status: 200, json: {} });
    const again = { ...model, artifact_path: 'model2', model_uuid: 'def' };
    expect((await api('POST', 'runs/log-model', { run_id: runId, model_json: JSON.stringify(again) })).status).toBe(200);
    const tags = (await api('GET', 'runs/get', { run_id: runId })).json.run.data.tags as { key: string; value: string }[];
    const history = JSON.parse(tags.find((t) => t.key === 'mlflow.log-model.history')!.value);
    const { signature: _drop, ...kept } = model;
    expect(history).toEqual([kept, { ...kept, artifact_path: 'model2', model_uuid: 'def' }]);
    expect((await api('POST', 'runs/log-model', { run_id: runId, model_json: '{"flavors": {}}' })).json).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: "Model json is missing mandatory fields: {'artifact_path', 'utc_time_created', 'run_id'}",
    });
    expect((await api('POST', 'runs/log-model', { run_id: runId, model_json: 'not json' })).json.message).toMatch(/^Malformed model info/);
  });

  it('register_model: create (tolerating RESOURCE_ALREADY_EXISTS), create version from the run, poll until READY', async () => {
    const created = await api('POST', 'registered-models/create', { name: 'iris-clf' });
    expect(created.status).toBe(200);
    expect(created.json.registered_model).toMatchObject({ name: 'iris-clf', latest_versions: [], tags: [], aliases: [] });
    expect(await api('POST', 'registered-models/create', { name: 'iris-clf' })).toEqual({
      status: 400,
      json: { error_code: 'RESOURCE_ALREADY_EXISTS', message: 'Registered Model (name=iris-clf) already exists.' },
    });
    const source = `mlflow-artifacts:/0/${runId}/artifacts/model`;
    const version = await api('POST', 'model-versions/create', { name: 'iris-clf', source, run_id: runId, tags: [] });
    expect(version.status).toBe(200);
    expect(version.json.model_version).toMatchObject({
      name: 'iris-clf',
      version: '1',
      source,
      run_id: runId,
      status: 'READY',
      current_stage: 'None',
      aliases: [],
    });
    const polled = await api('GET', 'model-versions/get', { name: 'iris-clf', version: '1' });
    expect(polled.json.model_version.status).toBe('READY');
    // A runs:/ source works too and names the next version.
    const second = await api('POST', 'model-versions/create', { name: 'iris-clf', source: `runs:/${runId}/model`, run_id: runId });
    expect(second.json.model_version.version).toBe('2');

    // Cairn's registry has the same model, the version holding the model folder's files.
    const cairn = h.core.services.registry.get('iris-clf');
    expect(cairn.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(Object.keys(h.core.services.registry.resolve('iris-clf@1').files).sort()).toEqual(['MLmodel', 'model.pkl']);
  });

  it('set_registered_model_alias and get_model_version_by_alias; champion keeps its gate', async () => {
    expect(await api('POST', 'registered-models/alias', { name: 'iris-clf', alias: 'staging-candidate', version: '1' })).toEqual({ status: 200, json: {} });
    const byAlias = await api('GET', 'registered-models/alias', { name: 'iris-clf', alias: 'staging-candidate' });
    expect(byAlias.json.model_version).toMatchObject({ name: 'iris-clf', version: '1', aliases: ['staging-candidate'] });

    // No held-out evaluation passed: champion is refused, in MLflow's error shape.
    const refused = await api('POST', 'registered-models/alias', { name: 'iris-clf', alias: 'champion', version: '2' });
    expect(refused.status).toBe(400);
    expect(refused.json.error_code).toBe('INVALID_STATE');
    expect(refused.json.message).toMatch(/needs an evaluation on held-out rows.*cairn\.champion_reason/);
    expect((await api('GET', 'registered-models/alias', { name: 'iris-clf', alias: 'champion' })).json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');

    // A reason given as a model version tag overrides, and is recorded in Cairn's alias history.
    await api('POST', 'model-versions/set-tag', { name: 'iris-clf', version: '2', key: 'cairn.champion_reason', value: 'hotfix approved by ana' });
    expect((await api('POST', 'registered-models/alias', { name: 'iris-clf', alias: 'champion', version: '2' })).status).toBe(200);
    expect((await api('GET', 'registered-models/alias', { name: 'iris-clf', alias: 'champion' })).json.model_version.version).toBe('2');
    const history = h.core.services.registry.get('iris-clf').aliasHistory.find((m) => m.alias === 'champion');
    expect(history).toMatchObject({ version: 2, reason: 'hotfix approved by ana', override: true });

    const model = (await api('GET', 'registered-models/get', { name: 'iris-clf' })).json.registered_model;
    expect(model.aliases).toEqual([
      { alias: 'champion', version: '2' },
      { alias: 'staging-candidate', version: '1' },
    ]);
    expect((await api('POST', 'registered-models/alias', { name: 'iris-clf', alias: 'v3', version: '1' })).json.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(await api('DELETE', 'registered-models/alias', { name: 'iris-clf', alias: 'staging-candidate' })).toEqual({ status: 200, json: {} });
    expect((await api('GET', 'registered-models/alias', { name: 'iris-clf', alias: 'staging-candidate' })).json).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'Registered model alias staging-candidate not found.',
    });
  });

  it('transition stages and get-latest-versions per stage', async () => {
    const moved = await api('POST', 'model-versions/transition-stage', {
      name: 'iris-clf',
      version: '1',
      stage: 'production',
      archive_existing_versions: false,
    });
    expect(moved.json.model_version.current_stage).toBe('Production');
    await api('POST', 'model-versions/transition-stage', { name: 'iris-clf', version: '2', stage: 'Production', archive_existing_versions: true });
    const latest = await api('POST', 'registered-models/get-latest-versions', { name: 'iris-clf', stages: ['Production', 'Archived'] });
    expect(latest.json.model_versions.map((v: { version: string; current_stage: string }) => [v.version, v.current_stage])).toEqual([
      ['1', 'Archived'],
      ['2', 'Production'],
    ]);
    expect((await api('POST', 'model-versions/transition-stage', { name: 'iris-clf', version: '1', stage: 'Live' })).json.message).toBe(
      'Invalid Model Version stage: Live. Value must be one of None, Staging, Production, Archived.',
    );
  });

  it('searches, updates, renames and deletes models and versions', async () => {
    await api('POST', 'registered-models/create', { name: 'other-model', tags: [{ key: 'team', value: 'nlp' }] });
    const names = (res: { json: Record<string, any> }) => (res.json.registered_models ?? []).map((m: { name: string }) => m.name);
    expect(names(await api('GET', 'registered-models/search', { filter: "name LIKE 'iris%'" }))).toEqual(['iris-clf']);
    expect(names(await api('POST', 'registered-models/search', { filter: "tags.team = 'nlp'" }))).toEqual(['other-model']);
    expect(names(await api('POST', 'registered-models/search', { order_by: ['name DESC'], max_results: 1 }))).toEqual(['other-model']);
    const versions = await api('GET', 'model-versions/search', { filter: `run_id = '${runId}'` });
    expect(versions.json.model_versions.map((v: { version: string }) => v.version)).toEqual(['2', '1']);

    expect((await api('PATCH', 'registered-models/update', { name: 'iris-clf', description: 'Iris classifier' })).json.registered_model.description).toBe(
      'Iris classifier',
    );
    expect((await api('PATCH', 'model-versions/update', { name: 'iris-clf', version: '1', description: 'first' })).json.model_version.description).toBe(
      'first',
    );
    expect((await api('GET', 'model-versions/get-download-uri', { name: 'iris-clf', version: '1' })).json).toEqual({
      artifact_uri: `mlflow-artifacts:/0/${runId}/artifacts/model`,
    });

    expect(await api('DELETE', 'model-versions/delete', { name: 'iris-clf', version: '1' })).toEqual({ status: 200, json: {} });
    expect((await api('GET', 'model-versions/get', { name: 'iris-clf', version: '1' })).json).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'Model Version (name=iris-clf, version=1) not found',
    });
    expect(h.core.services.registry.get('iris-clf').versions.map((v) => v.version)).toEqual([2]);

    const renamed = await api('POST', 'registered-models/rename', { name: 'iris-clf', new_name: 'iris-prod' });
    expect(renamed.json.registered_model.name).toBe('iris-prod');
    expect((await api('GET', 'registered-models/alias', { name: 'iris-prod', alias: 'champion' })).json.model_version.version).toBe('2');
    expect(await api('DELETE', 'registered-models/delete', { name: 'other-model' })).toEqual({ status: 200, json: {} });
    expect((await api('GET', 'registered-models/get', { name: 'other-model' })).json).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'Registered Model with name=other-model not found',
    });
  });

  it('refuses, in one line, to delete a run behind a version, one deleted through the API included (its row still points at the run)', async () => {
    const backer = await createRun({ run_name: 'backer' });
    await api('POST', 'runs/update', { run_id: backer, status: 'FINISHED', end_time: T0 + 1 });
    expect((await api('POST', 'model-versions/create', { name: 'backed', source: `runs:/${backer}/model`, run_id: backer })).status).toBe(200);
    expect(await api('DELETE', 'model-versions/delete', { name: 'backed', version: '1' })).toEqual({ status: 200, json: {} });
    const refused = await h.core.dispatch('runs.delete', { ids: [backer] });
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).toContain(`Run ${backer} backs model backed version 1 in the registry; it can't be deleted (archive it instead)`);
    expect((await api('GET', 'runs/get', { run_id: backer })).json.run.info.run_id).toBe(backer);
  });
});

describe('metrics/get-history-bulk-interval', () => {
  it("samples the steps of all runs as MLflow does, keeping each run's first and last step", async () => {
    const a = await createRun({ run_name: 'bulk-a' });
    const b = await createRun({ run_name: 'bulk-b' });
    const log = (run: string, steps: number[]) =>
      api('POST', 'runs/log-batch', { run_id: run, metrics: steps.map((step) => ({ key: 'acc', value: step / 100, timestamp: T0 + step, step })) });
    await log(
      a,
      Array.from({ length: 100 }, (_, i) => i),
    );
    await log(
      b,
      Array.from({ length: 25 }, (_, i) => 2 * i + 1),
    );
    const steps = async (args: Record<string, unknown>) => {
      const res = await api('GET', 'metrics/get-history-bulk-interval', { run_ids: [a, b], metric_key: 'acc', ...args });
      expect(res.status).toBe(200);
      return [...new Set(res.json.metrics.map((m: { step: number }) => m.step))].sort((x, y) => (x as number) - (y as number));
    };
    // Reference: mlflow/server/handlers.py's _get_sampled_steps and _get_sampled_steps_from_steps run in
    // Python on the same steps (a: 0..99, b: 1, 3, .., 49): [0, 1, 10, 20, 30, 40, 49, 50, 60, 70, 80, 90, 99]
    // for max_results=10, and [20, 30, 40, 49, 60] for max_results=4, start_step=20, end_step=60.
    expect(await steps({ max_results: 10 })).toEqual([0, 1, 10, 20, 30, 40, 49, 50, 60, 70, 80, 90, 99]);
    expect(await steps({ max_results: 4, start_step: 20, end_step: 60 })).toEqual([20, 30, 40, 49, 60]);
    const res = await api('GET', 'metrics/get-history-bulk-interval', { run_ids: [a, b], metric_key: 'acc', max_results: 4, start_step: 20, end_step: 60 });
    expect(res.json.metrics.filter((m: { run_id: string }) => m.run_id === b)).toEqual([{ key: 'acc', value: 0.49, timestamp: T0 + 49, step: 49, run_id: b }]);
    expect((await api('GET', 'metrics/get-history-bulk-interval', { run_ids: [a], metric_key: 'acc', start_step: 5 })).json.message).toBe(
      'If either start step or end step are specified, both must be specified.',
    );
    expect((await api('GET', 'metrics/get-history-bulk-interval', { run_ids: [a], metric_key: 'acc', max_results: 2501 })).json.message).toBe(
      'max_results must be between 1 and 2500.',
    );
  });
});

describe('MLflow 3 logged models: mlflow.sklearn.log_model(model, name=...) and search_logged_models', () => {
  const put = (modelRoot: string, file: string, body: string) =>
    fetch(`${h.base}/api/2.0/mlflow-artifacts/artifacts/${modelRoot}/${file}`, { method: 'PUT', headers: { Authorization: `Bearer ${h.token}` }, body });
  const MLMODEL = 'artifact_path: null\nflavors:\n  sklearn:\n    pickled_model: model.pkl\n    sklearn_version: 1.5.0\nmodel_id: MODEL_ID\n';

  /** The sequence log_model sends: create (PENDING) → upload the folder → runs/outputs → finalize READY. */
  async function logModel(runId: string, name: string, params: Record<string, string>, metrics: Record<string, number>): Promise<string> {
    const created = await api('POST', 'logged-models', {
      experiment_id: '0',
      name,
      model_type: '',
      source_run_id: runId,
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      tags: [
        { key: 'mlflow.user', value: 'ana' },
        { key: 'mlflow.source.name', value: 'train.py' },
      ],
    });
    expect(created.status).toBe(200);
    const info = created.json.model.info;
    expect(info).toMatchObject({
      name,
      experiment_id: '0',
      source_run_id: runId,
      status: 'LOGGED_MODEL_PENDING',
      tags: [
        { key: 'mlflow.user', value: 'ana' },
        { key: 'mlflow.source.name', value: 'train.py' },
      ],
    });
    expect(info.model_id).toMatch(/^m-[0-9a-f]{32}$/);
    expect(info.artifact_uri).toBe(`mlflow-artifacts:/0/models/${info.model_id}/artifacts`);
    expect(created.json.model.data.params).toEqual(Object.entries(params).map(([key, value]) => ({ key, value })));
    // The client uploads to the artifact_uri below mlflow-artifacts:/, file by file.
    const root = `0/models/${info.model_id}/artifacts`;
    for (const [file, body] of [
      ['MLmodel', MLMODEL.replace('MODEL_ID', info.model_id)],
      ['model.pkl', 'pickle-bytes'],
      ['requirements.txt', 'scikit-learn==1.5.0\n'],
      ['metadata/conda.yaml', 'name: mlflow-env\n'],
    ]) {
      expect((await put(root, file, body)).status).toBe(200);
    }
    expect(await api('POST', 'runs/outputs', { run_id: runId, models: [{ model_id: info.model_id, step: 0 }] })).toEqual({ status: 200, json: {} });
    // Metrics logged while the model is active carry its id (mlflow.log_metric(..., model_id=...)).
    for (const [key, value] of Object.entries(metrics)) {
      const logged = await api('POST', 'runs/log-batch', {
        run_id: runId,
        metrics: [{ key, value, timestamp: T0, step: 0, model_id: info.model_id, dataset_name: 'iris', dataset_digest: 'abc123' }],
      });
      expect(logged.status).toBe(200);
    }
    const done = await api('PATCH', `logged-models/${info.model_id}`, { model_id: info.model_id, status: 'LOGGED_MODEL_READY' });
    expect(done.status).toBe(200);
    expect(done.json.model.info.status).toBe('LOGGED_MODEL_READY');
    return info.model_id as string;
  }

  it('creates, uploads, finalizes; get, artifacts, runs/get outputs and the run page show the model', async () => {
    const runId = await createRun({ run_name: 'log-model-3' });
    const id = await logModel(runId, 'clf', { alpha: '0.5' }, { acc: 0.93 });

    const got = await api('GET', `logged-models/${id}`);
    expect(got.json.model.info).toMatchObject({ model_id: id, name: 'clf', status: 'LOGGED_MODEL_READY', source_run_id: runId });
    expect(got.json.model.data.metrics).toEqual([
      { key: 'acc', value: 0.93, timestamp: T0, step: 0, model_id: id, run_id: runId, dataset_name: 'iris', dataset_digest: 'abc123' },
    ]);
    // The metric is the run's too, as MLflow logs it to both.
    expect((await api('GET', 'runs/get', { run_id: runId })).json.run.data.metrics).toEqual([{ key: 'acc', value: 0.93, timestamp: T0, step: 0 }]);

    // mlflow.pyfunc.load_model("models:/<id>") lists and downloads the files again.
    const listed = await fetch(`${h.base}/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`0/models/${id}/artifacts`)}`, {
      headers: { Authorization: `Bearer ${h.token}` },
    });
    expect(((await listed.json()) as { files: unknown[] }).files).toEqual([
      { path: 'MLmodel', is_dir: false, file_size: MLMODEL.replace('MODEL_ID', id).length },
      { path: 'metadata', is_dir: true },
      { path: 'model.pkl', is_dir: false, file_size: 12 },
      { path: 'requirements.txt', is_dir: false, file_size: 20 },
    ]);
    const pkl = await fetch(`${h.base}/api/2.0/mlflow-artifacts/artifacts/0/models/${id}/artifacts/model.pkl`, {
      headers: { Authorization: `Bearer ${h.token}` },
    });
    expect(await pkl.text()).toBe('pickle-bytes');
    const dirs = await api('GET', `logged-models/${id}/artifacts/directories`, { artifact_directory_path: 'metadata' });
    expect(dirs.json).toEqual({
      root_uri: `mlflow-artifacts:/0/models/${id}/artifacts`,
      files: [{ path: 'metadata/conda.yaml', is_dir: false, file_size: 17 }],
    });
    expect((await api('GET', `logged-models/${id}/artifacts/directories`, { artifact_directory_path: 'METADATA' })).json.files).toEqual([]);

    const run = (await api('GET', 'runs/get', { run_id: runId })).json.run;
    expect(run.outputs).toEqual({ model_outputs: [{ model_id: id, step: 0 }] });
    // The run's page (runs.get) lists the model with its MLmodel text and files.
    const detail = await h.core.dispatch('runs.get', { id: runId });
    expect(detail.ok && (detail.value as { loggedModels: unknown }).loggedModels).toEqual([
      {
        id,
        name: 'clf',
        status: 'LOGGED_MODEL_READY',
        modelType: null,
        createdAt: expect.any(Number),
        mlmodel: MLMODEL.replace('MODEL_ID', id),
        files: [
          { name: 'MLmodel', size: MLMODEL.replace('MODEL_ID', id).length },
          { name: 'metadata/conda.yaml', size: 17 },
          { name: 'model.pkl', size: 12 },
          { name: 'requirements.txt', size: 20 },
        ],
      },
    ]);
  });

  it('search_logged_models filters on name, status, params and metrics, orders and pages', async () => {
    const exp = await api('POST', 'experiments/create', { name: 'logged-models-search' });
    const expId = exp.json.experiment_id as string;
    const run = await api('POST', 'runs/create', { experiment_id: expId, start_time: T0, tags: [] });
    const runId = run.json.run.info.run_id as string;
    const make = async (name: string, alpha: string, acc: number, ready: boolean) => {
      // Distinct creation times, so the default order (newest first) is the creation order.
      await new Promise((r) => setTimeout(r, 5));
      const m = (await api('POST', 'logged-models', { experiment_id: expId, name, source_run_id: runId, params: [{ key: 'alpha', value: alpha }] })).json.model
        .info.model_id as string;
      await api('POST', 'runs/log-metric', { run_id: runId, key: 'acc', value: acc, timestamp: T0, step: 0, model_id: m });
      if (ready) await api('PATCH', `logged-models/${m}`, { model_id: m, status: 'LOGGED_MODEL_READY' });
      return m;
    };
    const a = await make('forest', '0.1', 0.81, true);
    const b = await make('forest', '0.5', 0.95, true);
    const c = await make('linear', '0.5', 0.9, false);
    const search = async (body: Record<string, unknown>) => {
      const res = await api('POST', 'logged-models/search', { experiment_ids: [expId], ...body });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return res.json as { models: { info: { model_id: string } }[]; next_page_token?: string };
    };
    const ids = (r: { models: { info: { model_id: string } }[] }) => r.models.map((m) => m.info.model_id);
    // Newest first by default.
    expect(ids(await search({}))).toEqual([c, b, a]);
    expect(ids(await search({ filter: "name = 'forest' AND status = 'READY'" })).sort()).toEqual([a, b].sort());
    expect(ids(await search({ filter: "status = 'LOGGED_MODEL_PENDING'" }))).toEqual([c]);
    expect(ids(await search({ filter: "params.alpha = '0.5'", order_by: [{ field_name: 'name', ascending: true }] }))).toEqual([b, c]);
    expect(ids(await search({ filter: 'metrics.acc >= 0.9', order_by: [{ field_name: 'metrics.acc', ascending: false }] }))).toEqual([b, c]);
    expect(ids(await search({ filter: "name LIKE 'for%'", order_by: [{ field_name: 'metrics.acc', ascending: true }] }))).toEqual([a, b]);
    const first = await search({ max_results: 2, order_by: [{ field_name: 'metrics.acc', ascending: true }] });
    expect(ids(first)).toEqual([a, c]);
    const second = await search({ max_results: 2, order_by: [{ field_name: 'metrics.acc', ascending: true }], page_token: first.next_page_token });
    expect(ids(second)).toEqual([b]);
    expect(second.next_page_token).toBeUndefined();
  });

  it('sets and deletes tags, logs params once, deletes softly', async () => {
    const runId = await createRun({ run_name: 'model-tags' });
    const id = await logModel(runId, 'tagged', {}, {});
    expect(
      (
        await api('PATCH', `logged-models/${id}/tags`, {
          tags: [
            { key: 'stage', value: 'candidate' },
            { key: 'team/owner', value: 'ana' },
          ],
        })
      ).status,
    ).toBe(200);
    expect((await api('DELETE', `logged-models/${id}/tags/${encodeURIComponent('team/owner')}`)).status).toBe(200);
    expect((await api('POST', `logged-models/${id}/params`, { model_id: id, params: [{ key: 'depth', value: '4' }] })).status).toBe(200);
    const changed = await api('POST', `logged-models/${id}/params`, { model_id: id, params: [{ key: 'depth', value: '5' }] });
    expect(changed.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    const got = (await api('GET', `logged-models/${id}`)).json.model;
    expect(got.info.tags).toEqual([
      { key: 'mlflow.user', value: 'ana' },
      { key: 'mlflow.source.name', value: 'train.py' },
      { key: 'stage', value: 'candidate' },
    ]);
    expect(got.data.params).toEqual([{ key: 'depth', value: '4' }]);

    expect(await api('DELETE', `logged-models/${id}`)).toEqual({ status: 200, json: {} });
    const gone = await api('GET', `logged-models/${id}`);
    expect(gone).toEqual({ status: 404, json: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Logged model with ID '${id}' not found.` } });
    const found = await api('POST', 'logged-models/search', { experiment_ids: ['0'], filter: `model_id = '${id}'` });
    expect(found.json.models).toEqual([]);
    expect((await api('GET', 'runs/get', { run_id: runId })).json.run.outputs).toEqual({});
  });

  it('a run that uses a model logs it as a model input; deleting the making run in Cairn keeps the model', async () => {
    const maker = await createRun({ run_name: 'maker' });
    const id = await logModel(maker, 'kept', {}, {});
    const evaluator = await createRun({ run_name: 'evaluator' });
    expect((await api('POST', 'runs/log-inputs', { run_id: evaluator, datasets: [], models: [{ model_id: id }] })).status).toBe(200);
    expect((await api('GET', 'runs/get', { run_id: evaluator })).json.run.inputs).toEqual({ model_inputs: [{ model_id: id }] });
    const refused = await api('POST', 'runs/log-inputs', {
      run_id: evaluator,
      datasets: [{ dataset: { name: 'd', digest: 'x', source_type: 'local', source: 's' } }],
      models: [{ model_id: 'm-' + 'f'.repeat(32) }],
    });
    expect(refused.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await api('GET', 'runs/get', { run_id: evaluator })).json.run.inputs.dataset_inputs).toBeUndefined();

    await api('POST', 'runs/update', { run_id: maker, status: 'FINISHED', end_time: T0 + 1 });
    const deleted = await h.core.dispatch('runs.delete', { ids: [maker] });
    expect(deleted.ok, JSON.stringify(deleted)).toBe(true);
    const got = await api('GET', `logged-models/${id}`);
    expect(got.json.model.info.status).toBe('LOGGED_MODEL_READY');
    expect(got.json.model.info.source_run_id).toBeUndefined();
    const pkl = await fetch(`${h.base}/api/2.0/mlflow-artifacts/artifacts/0/models/${id}/artifacts/model.pkl`, {
      headers: { Authorization: `Bearer ${h.token}` },
    });
    expect(await pkl.text()).toBe('pickle-bytes');
  });

  it("answers bad input with MLflow's error codes and writes nothing", async () => {
    const runId = await createRun({ run_name: 'model-errors' });
    const missing = 'm-' + '0'.repeat(32);
    const expectError = async (res: Promise<{ status: number; json: Record<string, any> }>, status: number, code: string) => {
      const r = await res;
      expect(r.status, JSON.stringify(r.json)).toBe(status);
      expect(r.json.error_code).toBe(code);
      expect(typeof r.json.message).toBe('string');
    };
    await expectError(api('GET', `logged-models/${missing}`), 404, 'RESOURCE_DOES_NOT_EXIST');
    await expectError(api('PATCH', `logged-models/${missing}`, { status: 'LOGGED_MODEL_READY' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    await expectError(api('POST', 'logged-models', { experiment_id: '987654', name: 'x' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    await expectError(api('POST', 'logged-models', { experiment_id: '0', name: 'x', source_run_id: 'f'.repeat(32) }), 404, 'RESOURCE_DOES_NOT_EXIST');
    await expectError(api('POST', 'logged-models', { experiment_id: '0', name: 'x', params: [{ key: '../up', value: '1' }] }), 400, 'INVALID_PARAMETER_VALUE');
    const id = (await api('POST', 'logged-models', { experiment_id: '0', name: 'errs', source_run_id: runId })).json.model.info.model_id as string;
    await expectError(api('PATCH', `logged-models/${id}`, { status: 'LOGGED_MODEL_PENDING' }), 400, 'INVALID_PARAMETER_VALUE');
    await expectError(api('POST', 'logged-models/search', { experiment_ids: ['0'], filter: "colour = 'red'" }), 400, 'INVALID_PARAMETER_VALUE');
    await expectError(api('POST', 'logged-models/search', { experiment_ids: ['0'], order_by: [{ field_name: 'colour' }] }), 400, 'INVALID_PARAMETER_VALUE');
    await expectError(api('POST', 'logged-models/search', {}), 400, 'INVALID_PARAMETER_VALUE');
    await expectError(api('DELETE', `logged-models/${id}/tags/nope`), 404, 'RESOURCE_DOES_NOT_EXIST');
    await expectError(api('POST', 'runs/outputs', { run_id: runId, models: [{ model_id: missing, step: 0 }] }), 404, 'RESOURCE_DOES_NOT_EXIST');
    // A metric naming a missing model is refused whole: the run gets no point either.
    await expectError(
      api('POST', 'runs/log-batch', { run_id: runId, metrics: [{ key: 'f1', value: 0.5, timestamp: T0, step: 0, model_id: missing }] }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expect((await api('GET', 'runs/get', { run_id: runId })).json.run.data.metrics).toEqual([]);
    const upload = await put(`0/models/${missing}/artifacts`, 'MLmodel', 'x');
    expect(upload.status).toBe(404);
    await expectError(api('POST', `logged-models/${id}`, {}), 404, 'ENDPOINT_NOT_FOUND');
    expect((await api('GET', `logged-models/${id}`)).json.model.info.status).toBe('LOGGED_MODEL_PENDING');
  });
});
