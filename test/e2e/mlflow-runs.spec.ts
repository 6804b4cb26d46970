import { expect, test } from './fixtures';

// A script logging through the MLflow API (as the Python client does) with NaN losses and a
// dataset input: the run list and the run page show what was skipped and what data it used.

test('an MLflow-logged run: non-finite metric values are marked in the table and counted on the run, its dataset input shown', async ({ app, page }) => {
  const origin = new URL(app.url).origin;
  const token = new URL(app.url).searchParams.get('token');
  const mlflow = async (endpoint: string, body: unknown) => {
    const res = await fetch(`${origin}/api/2.0/mlflow/${endpoint}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, endpoint).toBe(200);
    return (await res.json()) as Record<string, any>;
  };
  const runId = (await mlflow('runs/create', { experiment_id: '0', run_name: 'diverged', start_time: Date.now(), tags: [] })).run.info.run_id as string;
  await mlflow('runs/log-batch', {
    run_id: runId,
    metrics: [
      { key: 'loss', value: 0.9, timestamp: Date.now(), step: 0 },
      { key: 'loss', value: 0.4, timestamp: Date.now(), step: 1 },
      { key: 'loss', value: 'NaN', timestamp: Date.now(), step: 2 },
      { key: 'loss', value: 'Infinity', timestamp: Date.now(), step: 3 },
    ],
  });
  await mlflow('runs/log-inputs', {
    run_id: runId,
    datasets: [
      {
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
        dataset: { name: 'iris', digest: 'abc123', source_type: 'local', source: '{"uri": "iris.csv"}', schema: '{"mlflow_colspec": []}' },
      },
    ],
  });
  await mlflow('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });

  await page.goto(app.url);
  const row = page.getByTestId(`run-row-${runId}`);
  await expect(row).toBeVisible();
  // The last finite loss (0.4) is shown, marked: the two later points were skipped.
  await expect(row).toContainText('0.4');
  await expect(row.getByTestId('nonfinite-mark')).toHaveAttribute('title', '2 non-finite values (NaN or ±Infinity) skipped');

  await row.getByRole('link', { name: 'diverged' }).click();
  await expect(page.getByTestId('nonfinite-note')).toContainText('loss: 2');
  const inputs = page.getByTestId('run-inputs');
  await expect(inputs).toContainText('iris');
  await expect(inputs).toContainText('abc123');
  await expect(inputs).toContainText('training');
  await expect(inputs).toContainText('local: {"uri": "iris.csv"}');
});

test('an MLflow 3 log_model into a running run: the open run page lists the model as it is logged, its status, files and MLmodel', async ({ app, page }) => {
  const origin = new URL(app.url).origin;
  const token = new URL(app.url).searchParams.get('token');
  const mlflow = async (method: string, endpoint: string, body: unknown) => {
    const res = await fetch(`${origin}/api/2.0/mlflow/${endpoint}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, endpoint).toBe(200);
    return (await res.json()) as Record<string, any>;
  };
  const runId = (await mlflow('POST', 'runs/create', { experiment_id: '0', run_name: 'sk-model', start_time: Date.now(), tags: [] })).run.info.run_id as string;
  await page.goto(app.url);
  await page.getByTestId(`run-row-${runId}`).getByRole('link', { name: 'sk-model' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  // No reload from here on: the page follows the store's changes.
  await page.evaluate(() => ((window as unknown as { untouched: boolean }).untouched = true));
  const section = page.getByTestId('run-logged-models');
  await expect(section).toHaveCount(0);

  const model = (await mlflow('POST', 'logged-models', { experiment_id: '0', name: 'iris-forest', source_run_id: runId, params: [], tags: [] })).model.info;
  await expect(section).toContainText('iris-forest');
  await expect(section).toContainText('uploading');
  await expect(section).toContainText('none uploaded');
  const mlmodel = 'flavors:\n  sklearn:\n    pickled_model: model.pkl\n';
  for (const [file, body] of [
    ['MLmodel', mlmodel],
    ['model.pkl', 'pickle-bytes'],
  ]) {
    const put = await fetch(`${origin}/api/2.0/mlflow-artifacts/artifacts/0/models/${model.model_id}/artifacts/${file}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}` },
      body,
    });
    expect(put.status).toBe(200);
  }
  await expect(section).toContainText('model.pkl');
  await expect(section).toContainText('12 bytes');
  await mlflow('POST', 'runs/outputs', { run_id: runId, models: [{ model_id: model.model_id, step: 0 }] });
  await mlflow('PATCH', `logged-models/${model.model_id}`, { model_id: model.model_id, status: 'LOGGED_MODEL_READY' });
  await expect(section).toContainText('ready');
  await expect(section).toContainText(model.model_id);
  await section.locator('summary', { hasText: 'MLmodel' }).click();
  await expect(section.locator('pre')).toContainText('pickled_model: model.pkl');

  // A model logged from another run leaves this page's list as it is.
  const other = (await mlflow('POST', 'runs/create', { experiment_id: '0', run_name: 'other', start_time: Date.now(), tags: [] })).run.info.run_id as string;
  await mlflow('POST', 'logged-models', { experiment_id: '0', name: 'not-this-run', source_run_id: other, params: [], tags: [] });
  await mlflow('POST', 'runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished');
  await expect(section.getByTestId('logged-model')).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { untouched?: boolean }).untouched)).toBe(true);
});
