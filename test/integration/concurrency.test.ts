import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliProcess, dataset, tempDir } from '../helpers';

// Several processes on one data folder, as people run them: four `cairn train`, a large
// `cairn datasets import` and a run trained by `cairn serve`. Every process runs with a short
// busy timeout (CAIRN_BUSY_TIMEOUT_MS) so that a write lock held too long fails at once instead
// of after 5 s: before imports copied in chunks and background writes retried, the import's one
// copy transaction made every trainer die of "database is locked" and took the server down.

const ROWS = 100_000;
const EPOCHS = 15;
const BUSY_TIMEOUT_MS = '300';
const EPOCH_KEYS = ['loss', 'accuracy', 'val_loss', 'val_accuracy'];

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

const dataDir = path.join(tempDir('cairn-concurrency-'), 'data');
const env = { ...process.env, CAIRN_BUSY_TIMEOUT_MS: BUSY_TIMEOUT_MS };
const children: ChildProcess[] = [];

function cairn(args: string[]): { child: ChildProcess; exit: Promise<Exit> } {
  const child = cliProcess(dataDir, args, { env });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  return { child, exit: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr }))) };
}

function request(port: number, token: string, pathname: string, body?: unknown): Promise<{ status: number; json: () => any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: () => JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function writeBigCsv(file: string): void {
  const lines = ['a,b,c,word,label'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},${((i * 7919) % 1000) / 7},${(i * 104729) % 997},w${i % 5000},c${i % 3}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('one data folder, many processes', () => {
  it('four trainers, a large import and a served run all finish with every metric point', { timeout: 420_000 }, async () => {
    const seeded = cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
    expect((await seeded.exit).code).toBe(0);
    const bigCsv = path.join(path.dirname(dataDir), 'big.csv');
    writeBigCsv(bigCsv);

    const serve = cairn(['serve', '--port', '0']);
    let serveExit: Exit | null = null;
    void serve.exit.then((e) => (serveExit = e));
    let serveOut = '';
    serve.child.stdout!.on('data', (c) => (serveOut += c));
    const [, port, token] = await until('cairn serve', () => {
      if (serveExit) throw new Error(`cairn serve exited: ${serveExit.stderr}`);
      return /Open http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(serveOut);
    });

    // The trainers start once the import has opened its unpublished version, so they are
    // training (flushing metrics, writing progress) while the import writes its rows in.
    const importing = cairn(['datasets', 'import', bigCsv, '--name', 'big']);
    await until('the import to write its rows', () => {
      const conn = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
      try {
        return conn.prepare('SELECT 1 FROM dataset_versions WHERE import_pid IS NOT NULL').get() !== undefined;
      } finally {
        conn.close();
      }
    });
    const trainers = [0, 1, 2, 3].map((i) =>
      cairn(['train', '--dataset', 'iris', '--epochs', String(EPOCHS), '--batch-size', '4', '--experiment', 'concurrent', '--name', `cli-${i}`, '--json']),
    );
    const iris = (await request(Number(port), token, '/api/call/datasets.list', {})).json().value.find((d: { name: string }) => d.name === 'iris');
    const served = await request(Number(port), token, '/api/call/runs.start', {
      datasetId: iris.id,
      experiment: 'concurrent',
      name: 'served',
      config: { epochs: EPOCHS, batchSize: 4 },
    });
    expect(served.status, JSON.stringify(served.json())).toBe(200);
    const servedId: string = served.json().value.id;

    const imported = await importing.exit;
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`Imported big@1: ${ROWS} rows`));
    for (const t of trainers) {
      const r = await t.exit;
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).status).toBe('finished');
    }
    const servedRun = await until(
      'the served run to end',
      () => {
        const conn = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
        const status = conn.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(servedId) as string;
        conn.close();
        return ['queued', 'running'].includes(status) ? null : status;
      },
      240_000,
    );
    expect(servedRun).toBe('finished');

    // The server lived through it and still answers.
    expect(serveExit).toBeNull();
    const listed = await request(Number(port), token, '/api/call/runs.list', {});
    expect(listed.status).toBe(200);

    const conn = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
    const runs = conn
      .prepare("SELECT r.id, r.status, r.started_at, r.ended_at FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE e.name = 'concurrent'")
      .all() as { id: string; status: string; started_at: number; ended_at: number }[];
    expect(runs).toHaveLength(5);
    const version = conn
      .prepare("SELECT v.row_count, v.created_at, v.import_pid FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.name = 'big'")
      .all() as { row_count: number; created_at: number; import_pid: number | null }[];
    expect(version).toEqual([{ row_count: ROWS, created_at: expect.any(Number), import_pid: null }]);
    expect(
      conn
        .prepare(
          "SELECT COUNT(*) FROM version_items vi JOIN dataset_versions v ON v.id = vi.version_id JOIN datasets d ON d.id = v.dataset_id WHERE d.name = 'big'",
        )
        .pluck()
        .get(),
    ).toBe(ROWS);
    // They trained while the import was going in (it started first): every run started before
    // the version was published. Whether they end before or after it depends on the machine.
    expect(runs.filter((r) => r.started_at < version[0].created_at)).toHaveLength(runs.length);
    for (const run of runs) {
      expect(run.status).toBe('finished');
      for (const key of EPOCH_KEYS) {
        const steps = conn.prepare('SELECT step FROM metrics WHERE run_id = ? AND key = ? ORDER BY step').pluck().all(run.id, key);
        expect(steps, `${key} of ${run.id}`).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
      }
      expect(conn.prepare("SELECT COUNT(*) FROM metrics WHERE run_id = ? AND key = 'batch/loss'").pluck().get(run.id)).toBeGreaterThan(0);
      expect(
        conn.prepare('SELECT COUNT(*) FROM (SELECT key, step FROM metrics WHERE run_id = ? GROUP BY key, step HAVING COUNT(*) > 1)').pluck().get(run.id),
      ).toBe(0);
    }
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    conn.close();
    expect(fs.readdirSync(path.join(dataDir, 'jobs'))).toEqual([]);

    serve.child.kill('SIGTERM');
    expect((await serve.exit).code).toBe(0);
  });
});
