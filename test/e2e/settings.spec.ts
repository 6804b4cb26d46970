import { expect, dataset, test } from './fixtures';

test('settings set the compute price, and a run shows its cost and CPU time', async ({ app, page }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('price-per-hour').fill('36');
  await page.getByTestId('currency').fill('EUR');
  await page.getByTestId('labeler-name').fill('ana');
  await page.getByTestId('mlflow-enabled').check();
  await page.getByTestId('mlflow-port').fill('5055');
  await page.getByTestId('pipelines-enabled').check();
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  expect(app.cli(['settings'])).toEqual({
    pricePerHour: 36,
    currency: 'EUR',
    labelerName: 'ana',
    mlflowServer: { enabled: true, port: 5055 },
    pushTo: null,
    pipelineWebhook: '',
    pipelinesEnabled: true,
  });

  // The form refuses it before anything is sent (the core would refuse it too). Typed at once
  // after the save: the save's own change event, arriving later, must not refill the field.
  await page.getByTestId('price-per-hour').fill('-3');
  await page.getByTestId('save-settings').click();
  expect(await page.getByTestId('price-per-hour').evaluate((el) => (el as HTMLInputElement).validity.valid)).toBe(false);
  expect((app.cli(['settings']) as { pricePerHour: number }).pricePerHour).toBe(36);

  // Another writer changes the settings while the user is typing: the field they did not touch
  // follows the store, the ones they typed into keep their text.
  await page.getByTestId('labeler-name').fill('ana (typing');
  app.cli(['settings', 'set', '--currency', 'GBP', '--labeler', 'bob']);
  await expect(page.getByTestId('currency')).toHaveValue('GBP');
  await expect(page.getByTestId('labeler-name')).toHaveValue('ana (typing');
  await expect(page.getByTestId('price-per-hour')).toHaveValue('-3');
  await page.getByTestId('price-per-hour').fill('36');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  expect(app.cli(['settings'])).toMatchObject({ pricePerHour: 36, currency: 'GBP', labelerName: 'ana (typing' });

  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const run = app.cli(['train', '--dataset', 'iris', '--epochs', '40', '--batch-size', '4']) as { runId: string };
  const shown = app.cli(['runs', 'show', run.runId]) as { startedAt: number; endedAt: number };
  await page.goto(`${app.url.split('?')[0]}#/runs/${run.runId}`);
  const expected = ((shown.endedAt - shown.startedAt) / 3_600_000) * 36;
  await expect(page.getByTestId('run-cost')).toHaveText(`${expected.toFixed(4)} GBP`);
  await expect(page.getByTestId('compute-time')).toContainText('CPU');
});

test('re-run a run from its page: same config and seed, same metrics on cpu', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const first = app.cli(['train', '--dataset', 'iris', '--epochs', '6', '--engine', 'cpu', '--seed', '11']) as {
    runId: string;
    metrics: Record<string, number>;
  };
  await page.goto(app.url);
  await page.goto(`${app.url.split('?')[0]}#/runs/${first.runId}`);
  await page.getByTestId('rerun').click();
  await expect(page).not.toHaveURL(new RegExp(first.runId));
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', { timeout: 120_000 });
  const secondId = decodeURIComponent(page.url().split('#/runs/')[1]);
  const second = app.cli(['runs', 'show', secondId]) as { config: { seed: number }; metrics: Record<string, { last: number }> };
  expect(second.config.seed).toBe(11);
  for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) expect(second.metrics[key].last).toBe(first.metrics[key]);
});

test('Settings → Engines lists every engine, marks the one auto picks, and says what would fix the others', async ({ app, page }) => {
  await page.goto(app.url);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('check-engines').click();
  const table = page.getByTestId('engines-table');
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('engine-cpu')).toHaveAttribute('data-available', 'true');
  await expect(table.getByText('(auto)')).toHaveCount(1);
  const cli = app.cli(['doctor']) as { engine: string; available: boolean; fix: string | null }[];
  for (const c of cli.filter((x) => !x.available && x.fix)) await expect(page.getByTestId(`engine-fix-${c.engine}`)).toContainText(c.fix!);
});
