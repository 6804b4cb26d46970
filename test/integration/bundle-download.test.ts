import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { readZip } from '../../electron/core/export/bundle/zip';
import { startServer, type RunningServer } from '../../electron/server/http-server';
import { readOrCreateToken, tokenReader } from '../../electron/server/token';
import { cliOn, dataset, tempDir } from '../helpers';

// `cairn serve`'s bundle download, as a browser uses it: a registered version trained on the train
// part of a stored split, evaluated on its test part, made champion by an override with a reason.

let dataDir: string;
let work: string;
let core: Core;
let server: RunningServer;
let token: string;

const cli = cliOn(() => dataDir, 170_000);

function cairn(args: string[], status = 0, env: Record<string, string> = {}) {
  const r = cli(args, env);
  expect(r.code, r.stderr).toBe(status);
  return r.stdout;
}

function get(pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, path: pathname, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  dataDir = tempDir('cairn-download-');
  work = tempDir('cairn-download-work-');
  cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  cairn(['datasets', 'split', 'iris', '--test', '0.2', '--validation', '0.2']);
  const { runId } = JSON.parse(cairn(['train', '--dataset', 'iris', '--epochs', '10', '--engine', 'cpu', '--json'])) as { runId: string };
  cairn(['models', 'register', runId, '--name', 'iris-clf']);
  const gates = path.join(work, 'gates.json');
  fs.writeFileSync(gates, JSON.stringify(['accuracy > 1']));
  // A failed gate exits 5, as CI scripts expect.
  cairn(['evaluate', '--run', 'iris-clf@1', '--dataset', 'iris', '--gates', gates], 5);
  cairn(['models', 'alias', 'iris-clf', '1', 'champion', '--reason', 'pilot approved by the reviewer']);
  core = new Core({ dataDir, transport: 'http' });
  token = readOrCreateToken(dataDir);
  server = await startServer(core, { host: '127.0.0.1', port: 0, token: tokenReader(dataDir), staticDir: work });
}, 180_000);

afterAll(async () => {
  await server?.close();
  core?.close();
});

describe('bundle download', () => {
  const url = (ref: string, t?: string) => `/download/bundle?ref=${encodeURIComponent(ref)}${t === undefined ? '' : `&token=${encodeURIComponent(t)}`}`;

  it('refuses a request without the token or with a wrong one, and writes nothing', async () => {
    const scratch = path.join(dataDir, 'tmp');
    const before = fs.existsSync(scratch) ? fs.readdirSync(scratch) : [];
    expect((await get(url('iris-clf@champion'))).status).toBe(401);
    expect((await get(url('iris-clf@champion', 'nope'))).status).toBe(401);
    expect((await get(url('iris-clf@champion'), { Authorization: 'Bearer nope' })).status).toBe(401);
    expect(fs.existsSync(scratch) ? fs.readdirSync(scratch) : []).toEqual(before);
  });

  it('answers a missing ref or an unknown model in one line, with its status', async () => {
    const none = await get('/download/bundle', { Authorization: `Bearer ${token}` });
    expect(none.status).toBe(400);
    const unknown = await get(url('nope@champion', token));
    expect(unknown.status).toBe(404);
    expect(unknown.body.toString()).toBe('No model named "nope"');
  });

  it('streams the bundle as an attachment, by header or query token, and leaves no scratch file', async () => {
    const byHeader = await get(url('iris-clf@champion'), { Authorization: `Bearer ${token}` });
    expect(byHeader.status).toBe(200);
    expect(byHeader.headers['content-type']).toBe('application/zip');
    expect(byHeader.headers['content-disposition']).toBe('attachment; filename="iris-clf-v1.zip"');
    expect(Number(byHeader.headers['content-length'])).toBe(byHeader.body.length);
    const byQuery = await get(url('iris-clf@1', token));
    expect(byQuery.status).toBe(200);
    // Bundles are deterministic: the same version gives the same bytes, however it is named.
    expect(byQuery.body.equals(byHeader.body)).toBe(true);
    expect(fs.readdirSync(path.join(dataDir, 'tmp')).filter((f) => f.startsWith('download-'))).toEqual([]);

    const file = path.join(work, 'downloaded.zip');
    fs.writeFileSync(file, byHeader.body);
    const files = await readZip(file);
    const evaluation = JSON.parse(files.get('evaluation.json')!.toString());
    expect(evaluation).toMatchObject({ status: 'failed', report: { split: 'test', trainingOverlap: 0, data: { label: 'iris@1' } } });
    const card = files.get('model-card.md')!.toString();
    expect(card.split('\n').length).toBeLessThan(300);
    for (const section of ['Intended use', 'Data', 'Metrics', 'Quality gates', 'Fairness', 'Limitations and caveats', 'Lineage'])
      expect(card).toContain(`\n## ${section}\n`);
    const rows = evaluation.report.data.rows as number;
    expect(card).toContain(`| Evaluated on | \`test\` part of iris@1 | ${rows} |  |`);
    expect(card).toContain(`| accuracy | ${evaluation.report.overall.accuracy.toFixed(4)} | evaluation: \`test\` part of iris@1, ${rows} rows |`);
    expect(card).toContain('as an override of the quality gates: "pilot approved by the reviewer"');
    expect(card).not.toContain('```');
  });

  it("prints alias moves in the terminal's local time, not UTC", () => {
    const moved = (JSON.parse(cairn(['models', 'show', 'iris-clf', '--json'])) as { aliasHistory: { movedAt: number }[] }).aliasHistory[0].movedAt;
    // India is UTC+5:30 all year: the half hour shows the zone was applied.
    const local = new Date(moved + 5.5 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    const shown = cairn(['models', 'show', 'iris-clf'], 0, { TZ: 'Asia/Kolkata' });
    expect(shown).toContain(`  ${local}  champion: - -> v1 OVERRIDE (pilot approved by the reviewer)`);
  });

  it('never shows the system samples of training as model metrics: card, manifest, registry', async () => {
    const runs = core.services.runs.list();
    expect(Object.keys(runs[0].metrics).some((k) => k.startsWith('system/'))).toBe(true);
    const file = path.join(work, 'system.zip');
    fs.writeFileSync(file, (await get(url('iris-clf@1', token))).body);
    const files = await readZip(file);
    expect(files.get('model-card.md')!.toString()).not.toMatch(/system\/|cpu_percent|memory_mb/);
    expect(Object.keys(JSON.parse(files.get('manifest.json')!.toString()).lineage.metrics).filter((k) => k.startsWith('system/'))).toEqual([]);
    const model = core.services.registry.get('iris-clf');
    expect(Object.keys(model.versions[0].lineage.metrics).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
  });
});
