import { dataset, expect, test } from './fixtures';

// The frame around every page: window titles, the nav, Settings' layout, the samples button and
// the labeling grid's use of the width, at a laptop's and a small window's size.

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('every main page names itself in the window title, and objects by their names', async ({ app, page }) => {
      const iris = app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']) as { id: number };
      const { runId } = app.cli(['train', '--dataset', 'iris', '--epochs', '2', '--engine', 'cpu', '--name', 'iris-mlp-3']) as { runId: string };
      app.cli(['models', 'register', runId, '--name', 'iris-clf']);

      await page.goto(app.url);
      await expect(page).toHaveTitle('All runs · Cairn');
      const pages: [string, string][] = [
        ['nav-datasets', 'Datasets · Cairn'],
        ['nav-monitoring', 'Drift · Cairn'],
        ['nav-timeline', 'Timeline · Cairn'],
        ['nav-sweeps', 'Sweeps · Cairn'],
        ['nav-models', 'Models · Cairn'],
        ['nav-pipelines', 'Pipelines · Cairn'],
        ['nav-settings', 'Settings · Cairn'],
        ['new-run-button', 'New run · Cairn'],
      ];
      for (const [nav, title] of pages) {
        await page.getByTestId(nav).click();
        await expect(page).toHaveTitle(title);
      }
      await page.goto(`${app.url}#/runs/${runId}`);
      await expect(page).toHaveTitle('Run iris-mlp-3 · Cairn');
      await page.goto(`${app.url}#/datasets/${iris.id}`);
      await expect(page).toHaveTitle('Dataset iris · Cairn');
      await page.goto(`${app.url}#/models/iris-clf`);
      await expect(page).toHaveTitle('Model iris-clf · Cairn');
      // A name that is not there is said in the app's words, with no command to type.
      await page.goto(`${app.url}#/models/nope`);
      await expect(page.getByRole('alert')).toContainText('No model named "nope"');
      await expect(page.getByRole('alert')).not.toContainText('cairn');
    });

    test('Sweeps sit with Experiments; Settings headings clear their fields; samples say what they added', async ({ app, page }) => {
      await app.open(page, '#/settings');
      // Nav order: Sweeps comes after the Experiments heading and before the Data one.
      const order = await page
        .locator('nav.sidebar')
        .evaluate((nav) => Array.from(nav.querySelectorAll('h2, [data-testid="nav-sweeps"]')).map((e) => (e.tagName === 'H2' ? e.textContent : 'Sweeps')));
      expect(order.slice(0, 3)).toEqual(['Experiments', 'Sweeps', 'Data']);

      // Each heading after the first starts below whatever came before it.
      const gaps = await page.getByTestId('settings-form').evaluate((form) =>
        Array.from(form.querySelectorAll(':scope > h2'))
          .slice(1)
          .map((h) => {
            const prev = h.previousElementSibling!.getBoundingClientRect();
            return { heading: h.textContent, gap: h.getBoundingClientRect().top - prev.bottom };
          }),
      );
      expect(gaps.length).toBeGreaterThanOrEqual(2);
      for (const g of gaps) expect(g.gap, g.heading!).toBeGreaterThanOrEqual(8);

      await page.getByTestId('nav-datasets').click();
      await page.getByTestId('add-samples').click();
      const notice = page.getByTestId('samples-notice');
      await expect(notice).toHaveText(/^Added /, { timeout: 120_000 });
      await expect(notice).toContainText('iris');
      await expect(page.getByTestId('datasets-table').locator('tbody tr')).toHaveCount(4);
      await page.getByTestId('add-samples').click();
      await expect(notice).toHaveText(/^Samples already added: /, { timeout: 60_000 });
      await expect(page.getByTestId('datasets-table').locator('tbody tr')).toHaveCount(4);

      // The labeling grid's cells widen to fill each row: no strip of a cell's width is left.
      const digits = (app.cli(['datasets', 'list']) as { id: number; name: string }[]).find((d) => d.name === 'digits')!;
      await app.open(page, `#/datasets/${digits.id}/label?view=grid`);
      await expect(page.getByTestId('grid-cell-0').locator('img')).toBeVisible();
      const fill = await page.getByTestId('grid').evaluate((grid) => {
        const columns = Number(grid.getAttribute('data-columns'));
        const last = grid.querySelector(`[data-testid="grid-cell-${columns - 1}"]`)!.getBoundingClientRect();
        const inner = grid.getBoundingClientRect().left + grid.clientLeft + grid.clientWidth;
        return { columns, emptyRight: inner - last.right };
      });
      expect(fill.columns).toBeGreaterThanOrEqual(3);
      // The 8 px padding and the 8 px gap after the last cell, rounding aside.
      expect(fill.emptyRight).toBeLessThanOrEqual(16 + fill.columns);
    });
  });
}
