import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { cliOn, cliProcess } from '../helpers';
import { expect, dataset, test, watchErrors } from './fixtures';

// A pipeline whose promote step needs a person: its first run makes the first champion, its
// second (the same config, so no gain over the margin) waits; the page follows it live, shows a step's
// log and output link, and approving there moves the alias, as `cairn pipeline show` confirms.

const SPEC = `name: iris-gated
dataset: iris
model: iris-gated
trigger: { kind: manual }
steps:
  - type: drift
  - type: train
    config: champion
    fallback: { model: mlp, epochs: 3, learningRate: 0.05, mlp: { hiddenUnits: [8] }, seed: 3 }
  - type: evaluate
    gates: { accuracy: 0 }
  - type: compare
  - type: register
  - type: promote
    margin: 1
`;

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

test('a run waiting for approval is approved on its page, with a reason, and the champion moves', async ({ app, page }) => {
  const errors = watchErrors(page);
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-pipeline-'));
  const spec = path.join(dir, 'iris-gated.yaml');
  fs.writeFileSync(spec, SPEC);
  const run = () => cliOn(app.dataDir)(['pipeline', 'run', spec, '--json']);
  // The page is open while the CLI runs: the pipeline and its run appear as the store changes.
  await app.open(page, '#/experiments');
  await page.getByTestId('nav-pipelines').click();
  await expect(page).toHaveTitle('Pipelines · Cairn');
  await expect(page.getByText('No pipelines yet')).toBeVisible();
  const first = run();
  expect(first.code, first.stderr).toBe(0);
  expect(JSON.parse(first.stdout)).toMatchObject({ id: 1, status: 'succeeded', decision: 'promoted' });
  const card = page.getByTestId('pipeline-iris-gated');
  await expect(card.getByTestId('pipeline-run-row-1')).toContainText('promoted');
  await expect(card.getByTestId('pipeline-iris-gated-trigger')).toHaveText('manual');
  await expect(card.getByTestId('pipeline-iris-gated-last-status')).toHaveAttribute('data-status', 'succeeded');
  expect(await seriousViolations(page)).toEqual([]);

  // The second run, in the background: its row appears, and its page follows its steps live.
  const second = cliProcess(app.dataDir, ['pipeline', 'run', spec, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  second.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => second.once('exit', r));
  await card.getByTestId('pipeline-run-row-2').getByRole('link', { name: '#2' }).click();
  await expect(page).toHaveTitle('Pipeline run #2 · Cairn');
  await expect(page.getByTestId('pipeline-run-status')).toHaveAttribute('data-status', 'running');
  const graph = page.getByTestId('step-graph');
  for (const [name, status] of [
    ['drift', 'succeeded'],
    ['train', 'succeeded'],
    ['evaluate', 'succeeded'],
    ['compare', 'succeeded'],
    ['register', 'succeeded'],
    ['promote', 'waiting'],
  ]) {
    await expect(graph.getByTestId(`step-${name}`)).toHaveAttribute('data-status', status);
  }
  await expect(page.getByTestId('pipeline-run-status')).toHaveAttribute('data-status', 'waiting_approval');
  expect(await exited).toBe(6);
  const waiting = JSON.parse(out) as { id: number; steps: { name: string; outputs: Record<string, unknown> }[] };
  expect(waiting).toMatchObject({ id: 2, status: 'waiting_approval', decision: 'awaiting_approval' });
  const trainRun = waiting.steps.find((s) => s.name === 'train')!.outputs.runId as string;
  // The waiting step opens first; the drift step carries its report.
  await expect(page.getByTestId('step-detail-status')).toHaveAttribute('data-status', 'waiting');
  await graph.getByTestId('step-drift').click();
  await expect(page.getByTestId('drift-report')).toContainText('sepal_length');
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    expect(await seriousViolations(page)).toEqual([]);
  }

  await graph.getByTestId('step-train').click();
  await expect(page.getByTestId('step-log')).toContainText(`training run ${trainRun}`);
  await expect(page.getByTestId('step-log')).toHaveAttribute('tabindex', '0');
  await page
    .getByTestId('step-links')
    .getByRole('link', { name: `Training run ${trainRun.slice(0, 8)}` })
    .click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${trainRun}$`));
  await page.goBack();

  await page.getByTestId('approval-reason').fill('same accuracy, fresher data');
  await page.getByTestId('approval-by').fill('ana');
  await page.getByTestId('approve-run').click();
  await expect(page.getByTestId('pipeline-run-status')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('pipeline-run-decision')).toContainText('approved: iris-gated v2 is champion: approved by ana: same accuracy, fresher data');
  await expect(page.getByTestId('pipeline-approvals')).toContainText('approved by ana');
  await expect(page.getByTestId('approval-form')).toHaveCount(0);
  await expect(graph.getByTestId('step-promote')).toHaveAttribute('data-status', 'succeeded');

  expect(app.cli(['pipeline', 'show', '2'])).toMatchObject({
    status: 'succeeded',
    decision: 'approved',
    approvals: [{ decision: 'approved', by: 'ana', reason: 'same accuracy, fresher data' }],
  });
  expect(app.cli(['models', 'show', 'iris-gated'])).toMatchObject({ aliases: { champion: 2 } });
  expect(errors).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('Run now starts a manual pipeline from its card and opens the run, its steps and their outputs', async ({ app, page }) => {
  const errors = watchErrors(page);
  app.cli(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-pipeline-'));
  const spec = path.join(dir, 'checks.yaml');
  fs.writeFileSync(
    spec,
    'name: checks\ndataset: iris\nmodel: m\ntrigger: { kind: manual }\nsteps:\n  - type: quality\n    gates: { missing_share: 0 }\n  - type: drift\n',
  );
  const r = cliOn(app.dataDir)(['pipeline', 'run', spec, '--json']);
  expect(r.code, r.stderr).toBe(0);

  await app.open(page, '#/pipelines');
  await page.getByTestId('pipeline-checks-run-now').click();
  await expect(page).toHaveURL(/#\/pipelines\/runs\/2$/);
  await expect(page.getByTestId('pipeline-run-status')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('step-graph').getByTestId('step-quality')).toHaveAttribute('data-status', 'succeeded');
  // No champion yet: drift has nothing to measure against, and says so.
  await expect(page.getByTestId('step-graph').getByTestId('step-drift')).toHaveAttribute('data-status', 'skipped');
  await page.getByTestId('step-graph').getByTestId('step-quality').click();
  await expect(page.getByTestId('step-outputs')).toContainText('missing_share');
  await expect(page.getByTestId('step-links').getByRole('link', { name: 'Dataset iris@1' })).toHaveAttribute('href', '#/datasets/1');
  expect(app.cli(['pipeline', 'show', '2'])).toMatchObject({
    status: 'succeeded',
    trigger: { kind: 'manual' },
    steps: [
      { name: 'quality', status: 'succeeded' },
      { name: 'drift', status: 'skipped' },
    ],
  });
  expect(errors).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});
