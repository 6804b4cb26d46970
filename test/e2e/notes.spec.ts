import { expect, dataset, test } from './fixtures';

test('markdown notes on a run: saved, rendered, and sanitized', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const run = app.cli(['train', '--dataset', 'iris', '--epochs', '2']) as { runId: string };
  await page.goto(app.url);
  await page.goto(`${app.url.split('?')[0]}#/runs/${run.runId}`);
  const text = '**Baseline** for the *iris* study\n\n- lr 1e-3\n\n<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
  await page.getByTestId('run-notes').fill(text);
  await page.getByTestId('save-notes').click();
  const rendered = page.getByTestId('run-notes-rendered');
  await expect(rendered.locator('strong')).toHaveText('Baseline');
  await expect(rendered.locator('li')).toHaveText('lr 1e-3');
  await expect(rendered.locator('script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect((app.cli(['runs', 'show', run.runId]) as { notes: string }).notes).toBe(text);
});
