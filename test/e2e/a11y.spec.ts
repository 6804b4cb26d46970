import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, dataset, test, type ServedApp } from './fixtures';

interface Fixture {
  runA: string;
  runB: string;
  datasetId: number;
  imagesId: number;
  evaluationId: number;
}

/** Two finished iris runs, one evaluated, and a small image dataset with a label set: every page has real content. */
async function seed(app: ServedApp): Promise<Fixture> {
  const iris = app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']) as { id: number };
  const a = app.cli(['train', '--dataset', 'iris', '--epochs', '3', '--engine', 'cpu', '--name', 'first']) as { runId: string };
  const b = app.cli(['train', '--dataset', 'iris', '--epochs', '3', '--engine', 'cpu', '--lr', '0.001', '--name', 'second']) as { runId: string };
  const evaluation = app.cli(['evaluate', '--run', a.runId, '--dataset', 'iris']) as { id: number };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-a11y-'));
  for (const d of ['0', '1']) {
    for (const f of fs.readdirSync(dataset('digits-images', d)).sort().slice(0, 3))
      fs.copyFileSync(dataset('digits-images', d, f), path.join(folder, `${d}-${f}`));
  }
  const images = app.cli(['datasets', 'import', folder, '--name', 'digits']) as { id: number };
  fs.rmSync(folder, { recursive: true, force: true });
  await app.call('labels.setSchema', { datasetId: images.id, task: 'single', classes: [{ name: 'zero' }, { name: 'one' }] });
  return { runA: a.runId, runB: b.runId, datasetId: iris.id, imagesId: images.id, evaluationId: evaluation.id };
}

const pages = (f: Fixture): { name: string; hash: string; ready: string }[] => [
  { name: 'runs', hash: '#/experiments', ready: `run-row-${f.runA}` },
  { name: 'run', hash: `#/runs/${f.runA}`, ready: 'run-status' },
  { name: 'compare', hash: `#/compare?ids=${f.runA},${f.runB}`, ready: 'final-metrics-table' },
  { name: 'dataset', hash: `#/datasets/${f.datasetId}`, ready: 'dataset-summary' },
  { name: 'label', hash: `#/datasets/${f.imagesId}/label`, ready: `labeling-${f.imagesId}` },
  { name: 'evaluation', hash: `#/evaluations/${f.evaluationId}`, ready: 'evaluation-report' },
  { name: 'label grid', hash: `#/datasets/${f.imagesId}/label?view=grid`, ready: `labeling-${f.imagesId}` },
  { name: 'datasets', hash: '#/datasets', ready: `dataset-row-${f.datasetId}` },
  { name: 'new run', hash: '#/new-run', ready: 'start-run' },
  { name: 'new evaluation', hash: `#/evaluations/new?run=${f.runA}`, ready: 'evaluation-form' },
  { name: 'drift', hash: '#/monitoring', ready: 'drift-view' },
  { name: 'sweeps', hash: '#/sweeps', ready: 'new-sweep' },
  { name: 'new sweep', hash: '#/sweeps/new', ready: 'sweep-form' },
  { name: 'settings', hash: '#/settings', ready: 'appearance-panel' },
];

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

test.use({ viewport: { width: 1440, height: 900 } });

test('axe finds no serious or critical violation on the main pages, in the dark and the light theme', async ({ app, page }) => {
  // Fourteen pages, twice, on two shared cores: axe takes seconds a page.
  test.setTimeout(600_000);
  const f = await seed(app);
  const found: string[] = [];
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const p of pages(f)) {
      await app.open(page, p.hash);
      await expect(page.getByTestId(p.ready).first()).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
      // Charts and lazy panels settle after the first paint.
      await page.waitForTimeout(300);
      for (const v of await seriousViolations(page)) found.push(`[${colorScheme}] ${p.name}: ${v}`);
    }
  }
  expect(found).toEqual([]);
});

/** Whether the focused element shows a ring a sighted keyboard user can see. */
async function focusRing(page: Page): Promise<{ tag: string; label: string; ring: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', label: '', ring: false };
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return { tag: el.tagName.toLowerCase(), label: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40), ring };
  });
}

test('keyboard: skip link, a visible ring on every stop, the nav reachable, dialogs and popovers close with Escape', async ({ app, page }) => {
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const { runId } = app.cli(['train', '--dataset', 'iris', '--epochs', '2', '--engine', 'cpu', '--name', 'keys']) as { runId: string };
  await app.open(page, '#/experiments');
  await expect(page.getByTestId(`run-row-${runId}`)).toHaveAttribute('data-status', 'finished');

  // The first stop skips the header and nav, straight to the page.
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#content')).toBeFocused();

  // Every stop on the page, in order, shows a ring, until Tab leaves the page for the browser.
  await page.reload();
  await expect(page.getByTestId(`run-row-${runId}`)).toBeVisible();
  const stops: string[] = [];
  for (let i = 0; i < 100; i++) {
    await page.keyboard.press('Tab');
    const f = await focusRing(page);
    if (f.tag === 'body') break;
    expect(f.ring, `no focus ring on <${f.tag}> "${f.label}" (stop ${i + 1})`).toBe(true);
    stops.push(`${f.tag}:${f.label}`);
  }
  expect(stops.length).toBeGreaterThan(15);
  // Header, then nav, then the page: the nav's links come before the runs table's controls.
  const nav = stops.findIndex((s) => s.startsWith('a:Datasets'));
  const selectAll = stops.findIndex((s) => /input/.test(s));
  expect(nav, stops.join(' | ')).toBeGreaterThan(0);
  expect(selectAll).toBeGreaterThan(nav);

  // The nav works from the keyboard.
  await page.getByTestId('nav-datasets').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/datasets$/);
  await page.goBack();
  await expect(page.getByTestId(`run-row-${runId}`)).toBeVisible();

  // The column chooser opens with Enter and closes with Escape, back on its button.
  const chooser = page.getByTestId('column-chooser');
  await chooser.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(chooser).toHaveAttribute('open', '');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(chooser).not.toHaveAttribute('open', '');
  await expect(chooser.locator('summary')).toBeFocused();

  // Select the run with Space, ask to delete it: the dialog takes focus on Cancel, keeps it, and Escape cancels.
  await page.getByTestId(`run-row-${runId}`).getByRole('checkbox').focus();
  await page.keyboard.press('Space');
  await page.getByTestId('delete-selected').focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog[open]');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null), `focus left the dialog on ${key}`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // Focus goes back to the button that opened it, not to the top of the page.
  await expect(page.getByTestId('delete-selected')).toBeFocused();
  await expect(page.getByTestId(`run-row-${runId}`)).toBeVisible();
  expect((app.cli(['runs', 'list']) as unknown[]).length).toBe(1);
});

test('the theme follows the OS until Settings picks one, and the pick is remembered', async ({ app, page }) => {
  const html = page.locator('html');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.open(page, '#/settings');
  await expect(page.getByTestId('theme-system')).toBeChecked();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const dark = await background();

  // System follows the OS as it changes, without a reload.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await background()).not.toBe(dark);

  // Dark chosen: the OS no longer matters, and a reload keeps it.
  await page.getByTestId('theme-dark').check();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe(dark);
  await page.reload();
  await expect(page.getByTestId('theme-dark')).toBeChecked();
  await expect(html).toHaveAttribute('data-theme', 'dark');

  await page.getByTestId('theme-system').check();
  await expect(html).toHaveAttribute('data-theme', 'light');
});
