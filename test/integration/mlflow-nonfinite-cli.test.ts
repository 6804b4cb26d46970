import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { cliOn, tempDir } from '../helpers';

// A run an MLflow script logged NaN and ±Infinity into: the CLI's summaries use the finite values
// and say what they left out, as the app does.

let dataDir: string;
let runId: string;

const cairn = cliOn(() => dataDir, 60_000);

beforeAll(() => {
  dataDir = path.join(tempDir(), 'data');
  const core = new Core({ dataDir, transport: 'http' });
  try {
    runId = core.services.tracking.createRun({ experiment_id: '0', run_name: 'diverged', start_time: 1 }).info.run_id;
    core.services.tracking.logBatch({
      run_id: runId,
      metrics: [
        { key: 'loss', value: 0.8, timestamp: 1, step: 0 },
        { key: 'loss', value: 'NaN', timestamp: 2, step: 1 },
        { key: 'loss', value: '-Infinity', timestamp: 3, step: 2 },
        { key: 'grad_norm', value: 'Infinity', timestamp: 3, step: 0 },
      ],
    });
  } finally {
    core.close();
  }
});

describe('cairn runs show / list with non-finite metric values', () => {
  it('show: the finite summary with the count skipped, and keys with no finite value at all', () => {
    const r = cairn(['runs', 'show', runId.slice(0, 8)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('  loss: 0.8000 (min 0.8000, max 0.8000), 2 NaN/±Infinity values skipped\n');
    expect(r.stdout).toContain('  grad_norm: no finite value, 1 NaN/±Infinity value\n');
    const json = JSON.parse(cairn(['runs', 'show', runId, '--json']).stdout);
    expect(json.nonFiniteMetrics).toEqual({ loss: 2, grad_norm: 1 });
  });

  it('list: the value is marked and the mark explained', () => {
    const r = cairn(['runs', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/diverged.*0\.8000\*\n/);
    expect(r.stdout).toContain('* NaN or ±Infinity values skipped (see cairn runs show)');
  });
});
