import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readZip } from '../../electron/core/export/bundle/zip';
import { expect, dataset, test } from './fixtures';

type ModelShow = {
  name: string;
  aliases: Record<string, number>;
  versions: { version: number; runId: string | null }[];
  aliasHistory: { alias: string; version: number; reason: string | null; override: boolean }[];
};

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('registry: register from a run, move aliases (champion gated, then overridden, any name allowed), export and download a bundle', async ({
      app,
      page,
    }) => {
      app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
      const { runId } = app.cli(['train', '--dataset', 'iris', '--epochs', '3', '--engine', 'cpu', '--name', 'to-register']) as { runId: string };

      await page.goto(`${app.url}#/runs/${runId}`);
      await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished');
      await page.getByTestId('register-model').click();
      await page.getByTestId('register-name').fill('iris-clf');
      await page.getByTestId('confirm-register').click();
      const registered = page.getByTestId('register-result');
      await expect(registered).toHaveAttribute('data-version', '1');

      await page.getByTestId('nav-models').click();
      const list = page.getByTestId('models-list');
      await expect(list.getByTestId('model-iris-clf')).toBeVisible();
      await list.getByTestId('model-iris-clf').getByRole('link', { name: 'iris-clf' }).click();
      const version = page.getByTestId('model-version-1');
      await expect(version).toBeVisible();
      await expect(page).toHaveTitle('Model iris-clf · Cairn');
      await expect(version).toContainText('to-register');
      await expect(version).toContainText('iris@1');
      // No stored split: the run held out its 0.2 validation fraction of the 150 rows.
      await expect(page.getByTestId('version-training-rows-1')).toHaveText('fit on 120, validated on 30 (0.2 validation fraction)');

      // challenger moves freely.
      await page.getByTestId('move-alias').click();
      await page.getByTestId('alias-select').fill('challenger');
      await page.getByTestId('alias-version-select').selectOption('1');
      await page.getByTestId('confirm-alias').click();
      await expect(page.getByTestId('alias-challenger')).toHaveAttribute('data-version', '1');
      await expect(version).toHaveAttribute('data-aliases', 'challenger');

      // champion is refused without a passing held-out evaluation: one on the whole version scored
      // rows the model trained on. The core's message, then a reason overrides.
      const evaluated = app.cli(['evaluate', '--run', 'iris-clf@1', '--dataset', 'iris']) as { split: string; trainingOverlap: number };
      expect(evaluated.split).toBe('all');
      expect(evaluated.trainingOverlap).toBeGreaterThanOrEqual(120);
      await page.getByTestId('move-alias').click();
      await page.getByTestId('alias-select').fill('champion');
      await expect(page.getByTestId('alias-reason')).toHaveCount(0);
      await page.getByTestId('confirm-alias').click();
      await expect(page.getByTestId('alias-error')).toContainText("Can't make iris-clf v1 champion");
      await expect(page.getByTestId('alias-error')).toContainText(`was on training data (${evaluated.trainingOverlap} of 150 rows)`);
      // The app's own words: no command-line flag, no raw timestamp.
      await expect(page.getByTestId('alias-error')).not.toContainText('--reason');
      await expect(page.getByTestId('alias-error')).not.toContainText(/\d{4}-\d\d-\d\dT/);
      await expect(page.getByTestId('alias-champion')).toHaveCount(0);
      await page.getByTestId('alias-reason').fill('demo sign-off by the reviewer');
      await page.getByTestId('confirm-alias').click();
      await expect(page.getByTestId('alias-champion')).toHaveAttribute('data-version', '1');

      // Any alias name, not only the two known ones; a malformed one is stopped before it is sent.
      await page.getByTestId('move-alias').click();
      await page.getByTestId('alias-select').fill('9-bad');
      await expect(page.getByTestId('confirm-alias')).toBeDisabled();
      await page.getByTestId('alias-select').fill('staging');
      await page.getByTestId('confirm-alias').click();
      await expect(page.getByTestId('alias-staging')).toHaveAttribute('data-version', '1');

      const history = page.getByTestId('alias-history');
      await expect(history).toHaveAttribute('data-moves', '3');
      const championMove = history.getByTestId('alias-move-champion');
      await expect(championMove).toHaveAttribute('data-override', 'true');
      await expect(championMove).toContainText('demo sign-off by the reviewer');
      await expect(history.getByTestId('alias-move-challenger')).toHaveAttribute('data-override', 'false');

      // Export v1 to a path typed in (the browser has no native picker).
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-export-')), 'iris-clf-v1.zip');
      await page.getByTestId('export-version-1').click();
      await expect(page.getByTestId('export-browse')).toHaveCount(0);
      await page.getByTestId('export-path').fill(out);
      await page.getByTestId('confirm-export').click();
      await expect(page.getByTestId('export-result')).toHaveAttribute('data-path', out);
      expect(fs.existsSync(out)).toBe(true);
      expect(fs.readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');

      // In a browser the bundle downloads: a short model card and the raw evaluation beside it.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-bundle').click()]);
      expect(download.suggestedFilename()).toBe('iris-clf-v1.zip');
      const saved = path.join(path.dirname(out), 'downloaded.zip');
      await download.saveAs(saved);
      const files = await readZip(saved);
      const card = files.get('model-card.md')!.toString();
      expect(card.split('\n').length).toBeLessThan(300);
      for (const section of ['Intended use', 'Data', 'Metrics', 'Quality gates', 'Fairness', 'Limitations and caveats', 'Lineage'])
        expect(card).toContain(`\n## ${section}\n`);
      expect(card).toContain('| Evaluated on | all of iris@1 | 150 |  |');
      expect(card).toContain('as an override of the quality gates: "demo sign-off by the reviewer"');
      expect(card).not.toMatch(/system\//);
      const evaluation = JSON.parse(files.get('evaluation.json')!.toString());
      expect(evaluation.report).toMatchObject({ split: 'all', trainingOverlap: evaluated.trainingOverlap, data: { rows: 150 } });

      // The CLI sees the same registry state.
      const shown = app.cli(['models', 'show', 'iris-clf']) as ModelShow;
      expect(shown.aliases).toEqual({ challenger: 1, champion: 1, staging: 1 });
      expect(shown.versions.map((v) => v.runId)).toEqual([runId]);
      expect(shown.aliasHistory.map((h) => [h.alias, h.version, h.override, h.reason])).toEqual([
        ['challenger', 1, false, null],
        ['champion', 1, true, 'demo sign-off by the reviewer'],
        ['staging', 1, false, null],
      ]);
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    });
  });
}
