import type { Page } from '@playwright/test';
import { cliProcess } from '../helpers';
import { expect, dataset, test } from './fixtures';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
];

type Run = { runId: string };
type Series = { key: string; steps: number[]; values: number[] };

/** The first index of the best value, as a reader of the curve would pick it. */
function best(series: Series, goal: 'min' | 'max'): { value: number; step: number } {
  const v = goal === 'min' ? Math.min(...series.values) : Math.max(...series.values);
  return { value: v, step: series.steps[series.values.indexOf(v)] };
}

async function top(page: Page, testId: string): Promise<number> {
  return (await page.getByTestId(testId).first().boundingBox())!.y;
}

test('run page: final and best metrics above the charts, system metrics folded away on an elapsed-time axis', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  // Long enough for the 2 s system sampler to log several points on a fast idle machine too
  // (25 epochs took 2 s and logged none; 120 took 6 s and logged 2).
  const long = app.cli(['train', '--dataset', 'iris', '--epochs', '200', '--batch-size', '4', '--name', 'long']) as Run;
  const short = app.cli(['train', '--dataset', 'iris', '--epochs', '3', '--name', 'short']) as Run;
  const series = (await app.call('runs.metrics', { ids: [long.runId] })) as Series[];
  const curve = (key: string) => series.find((s) => s.key === key)!;
  expect(curve('system/cpu_percent').values.length).toBeGreaterThan(1);

  for (const size of SIZES) {
    await page.setViewportSize(size);
    await app.open(page, `#/runs/${long.runId}`);
    const summary = page.getByTestId('metrics-summary');
    await expect(summary).toBeVisible();
    expect(await top(page, 'metrics-summary')).toBeLessThan(await top(page, 'chart-loss'));
    await expect(summary.locator('thead')).toContainText('Final');

    // Best follows the metric's direction and names its epoch; final is the last epoch's value.
    for (const [key, goal] of [
      ['loss', 'min'],
      ['val_loss', 'min'],
      ['accuracy', 'max'],
      ['val_accuracy', 'max'],
    ] as const) {
      const row = summary.getByTestId(`summary-${key}`);
      const b = best(curve(key), goal);
      await expect(row).toHaveAttribute('data-goal', goal);
      expect(Number(await row.getAttribute('data-best'))).toBeCloseTo(b.value, 10);
      await expect(row).toHaveAttribute('data-best-step', String(b.step));
      await expect(row).toContainText(`epoch ${b.step}`);
      expect(Number(await row.getAttribute('data-last'))).toBeCloseTo(curve(key).values.at(-1)!, 10);
    }

    // A loss is never below 0, so its axis isn't either; its legend names only what was logged.
    const loss = page.getByTestId('chart-loss');
    await expect(loss).toHaveAttribute('data-x-axis', 'epoch');
    expect(Number(await loss.getAttribute('data-y-min'))).toBeGreaterThanOrEqual(0);
    expect(JSON.parse((await loss.getAttribute('data-series'))!)).toEqual(['loss', 'val_loss']);

    // System: folded by default, no system chart among the epoch charts.
    const system = page.getByTestId('system-section');
    await expect(system).not.toHaveAttribute('open', '');
    await expect(page.locator('[data-testid^="chart-system/"]')).toHaveCount(0);
    // Totals logged once read as values, visible while folded.
    await expect(system.getByTestId('system-values')).toContainText('CPU time');
    await system.locator('summary').click();
    const charts = page.locator('[data-testid^="chart-system/"]');
    await expect(charts.first()).toBeVisible();
    const axes = await charts.evaluateAll((els) =>
      els.map((el) => [el.getAttribute('data-testid'), el.getAttribute('data-x-axis'), el.getAttribute('data-series'), el.getAttribute('data-y-min')]),
    );
    expect(axes.length).toBeGreaterThanOrEqual(3);
    for (const [id, xAxis, names, yMin] of axes) {
      expect(xAxis, `${id} x axis`).toBe('wall-time');
      expect(names, `${id} legend`).not.toContain('val_');
      expect(Number(yMin), `${id} y min`).toBeGreaterThanOrEqual(0);
    }
    // Elapsed time labels the axis, read as mm:ss.
    await expect(page.getByTestId('chart-system/cpu_percent')).toHaveAttribute('data-x', 'elapsed');
  }

  // Compare: model curves first, system charts folded below them on elapsed time; the final-metrics table leads with model metrics.
  await page.setViewportSize(SIZES[0]);
  await app.open(page, `#/compare?ids=${long.runId},${short.runId}`);
  const view = page.getByTestId('compare-view');
  // Both runs' loss points: the long run's epochs and the short run's 3.
  await expect(view.getByTestId('chart-loss')).toHaveAttribute('data-points', String(curve('loss').values.length + 3));
  const order = await view.locator('.chart-grid > [data-testid^="chart-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
  expect(order).toEqual(['chart-loss', 'chart-accuracy', 'chart-val_loss', 'chart-val_accuracy']);
  const headers = await page.getByTestId('final-metrics-table').locator('thead th').allTextContents();
  expect(headers).toEqual(['Run', 'loss', 'accuracy', 'val_loss', 'val_accuracy']);
  const system = view.getByTestId('system-section');
  await expect(view.locator('[data-testid^="chart-system/"]')).toHaveCount(0);
  await system.locator('summary').click();
  await expect(system.getByTestId('chart-system/cpu_percent')).toHaveAttribute('data-x-axis', 'wall-time');
  // A run that logged no CPU samples (the short one, unless the machine was slow) has no legend entry.
  const sampled = ((await app.call('runs.metrics', { ids: [long.runId, short.runId], keys: ['system/cpu_percent'] })) as (Series & { runId: string })[])
    .filter((s) => s.values.length > 0)
    .map((s): string => (s.runId === long.runId ? 'long' : 'short'));
  expect(JSON.parse((await system.getByTestId('chart-system/cpu_percent').getAttribute('data-series'))!)).toEqual(
    ['long', 'short'].filter((n) => sampled.includes(n)),
  );
  // Switching the epoch charts to wall time leaves the system charts on elapsed time.
  await page.getByTestId('x-axis-select').selectOption('time');
  await expect(view.getByTestId('chart-loss')).toHaveAttribute('data-x-axis', 'seconds');
  await expect(system.getByTestId('chart-system/cpu_percent')).toHaveAttribute('data-x-axis', 'wall-time');
  await expect(system.getByTestId('system-totals-table')).toContainText('short');
});

test("the open run page follows another process's run: its status, progress and curve, to the end", async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  // Long enough to be still training when the page opens on a fast idle machine (120 epochs take about 6 s there).
  const epochs = 300;
  // Started beside `cairn serve`, as a terminal would: serve hears of it only through the store.
  const child = cliProcess(app.dataDir, ['train', '--dataset', 'iris', '--epochs', String(epochs), '--batch-size', '4', '--engine', 'cpu', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  try {
    await app.open(page, '#/runs');
    const link = page.locator('[data-testid^="run-row-"] a').first();
    await expect(link).toBeVisible({ timeout: 60_000 });
    await link.click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /queued|running/);
    await page.evaluate(() => ((window as unknown as { untouched: boolean }).untouched = true));
    const chart = page.getByTestId('chart-loss');
    await expect.poll(async () => Number((await chart.getAttribute('data-points')) ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await exited).toBe(0);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished');
    await expect(chart).toHaveAttribute('data-points', String(epochs));
    expect(await page.evaluate(() => (window as unknown as { untouched?: boolean }).untouched)).toBe(true);
  } finally {
    child.kill();
  }
});
