import type { Page } from '@playwright/test';
import { trainConfigSchema } from '../../shared/training/config';
import { expect, dataset, test } from './fixtures';

const DEFAULTS = trainConfigSchema.parse({});
type Run = { id: string; name: string; seed: number; params: Record<string, unknown> };

const source = (page: Page, field: string) => page.locator('.field', { has: page.locator(`#f-${field}`) }).getByTestId('field-source');

async function expectDefaults(page: Page) {
  await expect(page.getByTestId('form-origin')).toHaveAttribute('data-origin', 'default');
  await expect(page.getByTestId('learning-rate-input')).toHaveValue(String(DEFAULTS.learningRate));
  await expect(page.getByTestId('epochs-input')).toHaveValue(String(DEFAULTS.epochs));
  await expect(page.getByTestId('batch-size-input')).toHaveValue(String(DEFAULTS.batchSize));
  await expect(page.getByTestId('seed-input')).toHaveValue(String(DEFAULTS.seed));
  for (const field of ['learningRate', 'epochs', 'batchSize', 'seed', 'optimizer']) await expect(source(page, field)).toHaveText('default');
}

test('new run form: starts from defaults, says where values came from, clones a run explicitly, Reset restores defaults', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(app.url);
  await page.getByTestId('new-run-button').click();
  await expectDefaults(page);

  // Typed values say so.
  await page.getByTestId('learning-rate-input').fill('0.01');
  await page.getByTestId('epochs-input').fill('2');
  await page.getByTestId('batch-size-input').fill('16');
  await page.getByTestId('run-name-input').fill('tuned');
  await expect(source(page, 'learningRate')).toHaveText('edited');
  await expect(source(page, 'seed')).toHaveText('default');
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });
  const tuned = (app.cli(['runs', 'list']) as Run[]).find((r) => r.name === 'tuned')!;
  expect(tuned.params.learningRate).toBe(0.01);

  // The next New run does not silently keep the last run's settings.
  await page.getByTestId('new-run-button').click();
  await expectDefaults(page);

  // Clone, from the run page: the run's settings, and the form says whose.
  await page.setViewportSize({ width: 1024, height: 768 });
  await app.open(page, `#/runs/${tuned.id}`);
  await page.getByTestId('clone-run').click();
  await expect(page.getByTestId('form-origin')).toHaveAttribute('data-origin', 'clone');
  await expect(page.getByTestId('form-origin')).toHaveText('Cloned from tuned');
  await expect(page.getByTestId('learning-rate-input')).toHaveValue('0.01');
  await expect(page.getByTestId('epochs-input')).toHaveValue('2');
  await expect(page.getByTestId('batch-size-input')).toHaveValue('16');
  for (const field of ['learningRate', 'epochs', 'batchSize', 'seed']) await expect(source(page, field)).toHaveText('from tuned');

  // Reset: every value back to its default, and the clone forgotten.
  await page.getByTestId('reset-form').click();
  await expectDefaults(page);
  expect(page.url()).not.toContain('clone=');

  // Clone, from the runs table's row menu; change one value and train it.
  await page.goto(app.url);
  await page.getByTestId(`row-menu-${tuned.id}`).click();
  await expect(page.getByTestId('row-menu')).toBeVisible();
  await page.getByTestId(`row-menu-${tuned.id}`).click();
  await expect(page.getByTestId('row-menu')).toHaveCount(0);
  // By keyboard: the menu opens on its first item, the arrow moves to Clone, Enter takes it.
  await page.getByTestId(`row-menu-${tuned.id}`).press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Open' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('row-menu-clone')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('form-origin')).toHaveText('Cloned from tuned');
  await page.getByTestId('seed-input').fill('7');
  await expect(source(page, 'seed')).toHaveText('edited');
  await expect(source(page, 'learningRate')).toHaveText('from tuned');
  await page.getByTestId('run-name-input').fill('tuned-seed7');
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });
  const clone = (app.cli(['runs', 'list']) as Run[]).find((r) => r.name === 'tuned-seed7')!;
  expect(clone.params).toMatchObject({ learningRate: 0.01, epochs: 2, batchSize: 16, seed: 7 });

  // A run that doesn't exist: one clear line, and the form keeps its defaults.
  await app.open(page, '#/new-run?clone=no-such-run');
  await expect(page.getByRole('alert').filter({ hasText: "Can't clone" })).toContainText('no-such-run');
  await expect(page.getByTestId('form-origin')).toHaveAttribute('data-origin', 'default');
});
