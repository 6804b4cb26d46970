import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Core } from '../electron/core/core';

// How long a `cairn` command takes to start: each loads only its own modules when it runs.

export interface CliStartupFigures {
  nodeMs: number;
  versionMs: number;
  runsListMs: number;
  runs: number;
}

const CLI = path.resolve(__dirname, '..', '..', 'bin', 'cairn.js');

function medianMs(args: string[], times = 7): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(times / 2)];
}

export function benchCliStartup(dir: string, runs = 1000): CliStartupFigures {
  const dataDir = path.join(dir, 'cli-startup');
  const core = new Core({ dataDir, transport: 'http' });
  const insert = core.services.db.prepare(
    "INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, seed, created_at) VALUES (?, 1, ?, 'finished', 'mlp', '{}', '{}', 0, ?)",
  );
  core.services.db.transaction(() => {
    for (let i = 0; i < runs; i++) insert.run(`run${i}`, `run-${i}`, i);
  })();
  core.close();
  return {
    nodeMs: medianMs(['-e', '0']),
    versionMs: medianMs([CLI, '--version']),
    runsListMs: medianMs([CLI, 'runs', 'list', '--json', '--data-dir', dataDir]),
    runs,
  };
}
