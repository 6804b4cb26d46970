import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readOrCreateToken } from '../../electron/server/token';
import { cliProcess } from '../helpers';
import { expect, test } from './fixtures';

// A teammate's run on a team server (a second `cairn serve`, logged through its MLflow API as a
// script would), pulled into the app's folder: shown with its origin, and read-only in the UI.

test('a pulled run shows where it came from and is read-only; Settings sets the server runs are pushed to', async ({ app, page }) => {
  const teamDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-team-'));
  const token = readOrCreateToken(teamDir);
  const team = cliProcess(teamDir, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const teamUrl = await new Promise<string>((resolve) => {
      let out = '';
      team.stdout!.on('data', (c) => {
        out += c;
        const m = /Open (http:\/\/[^/]+)\//.exec(out);
        if (m) resolve(m[1]);
      });
    });
    const mlflow = async (endpoint: string, body: unknown) => {
      const res = await fetch(`${teamUrl}/api/2.0/mlflow/${endpoint}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await res.json()) as any;
    };
    const { experiment_id } = await mlflow('experiments/create', { name: 'vision' });
    const { run } = await mlflow('runs/create', { experiment_id, run_name: 'resnet-baseline', start_time: 1_700_000_000_000 });
    await mlflow('runs/log-batch', {
      run_id: run.info.run_id,
      params: [{ key: 'lr', value: '0.01' }],
      tags: [
        { key: 'mlflow.note.content', value: 'Team baseline' },
        { key: 'owner', value: 'ben' },
      ],
      metrics: [0, 1, 2].map((step) => ({ key: 'val_accuracy', value: 0.7 + step / 10, timestamp: 1_700_000_000_000 + step, step })),
    });
    await mlflow('runs/update', { run_id: run.info.run_id, status: 'FINISHED', end_time: 1_700_000_100_000 });

    process.env.MLFLOW_TRACKING_TOKEN = token;
    expect(app.cli(['pull', '--from', teamUrl])).toMatchObject({ runs: { created: 1 } });
    const [pulled] = app.cli(['runs', 'list']) as { id: string; origin: string }[];
    expect(pulled.origin).toBe(teamUrl);

    await page.goto(app.url);
    const row = page.getByTestId(`run-row-${pulled.id}`);
    await expect(row.getByTestId('origin-chip')).toHaveText(`from ${new URL(teamUrl).host}`);
    await row.getByRole('link', { name: 'resnet-baseline' }).click();
    await expect(page.getByTestId('run-read-only')).toContainText(`Pulled from ${teamUrl}; read-only here`);
    await expect(page.getByTestId('run-notes-rendered')).toHaveText('Team baseline');
    await expect(page.getByTestId('edit-notes')).toHaveCount(0);
    await expect(page.getByTestId('add-tag-input')).toHaveCount(0);
    await expect(page.getByTestId('remove-tag-owner')).toHaveCount(0);
    await expect(page.getByTestId('register-model')).toHaveCount(0);

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('push-to').fill(teamUrl);
    await page.getByTestId('save-settings').click();
    await expect(page.getByTestId('settings-saved')).toBeVisible();
    expect(app.cli(['settings'])).toMatchObject({ pushTo: teamUrl });
  } finally {
    team.kill('SIGTERM');
  }
});
