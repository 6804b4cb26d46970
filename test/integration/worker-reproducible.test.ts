import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainConfigInput } from '../../shared/training/config';
import { irisJob, runWorker, series, tempJobDir } from './worker-harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function losses(config: TrainConfigInput): Promise<number[]> {
  const dir = tempJobDir();
  dirs.push(dir);
  const run = await runWorker(irisJob(dir, config));
  expect(run.code, run.stderr).toBe(0);
  return [...series(run.messages, 'loss'), ...series(run.messages, 'val_loss')].map((p) => p.value);
}

describe('worker reproducibility', () => {
  // Dropout and shuffling both draw randomness, so equality here covers all seeded sources.
  const config: TrainConfigInput = { epochs: 8, batchSize: 16, mlp: { hiddenUnits: [32, 16], dropout: 0.3 }, engine: 'cpu', seed: 7 };

  it('gives identical MLP losses for the same seed on cpu', async () => {
    const a = await losses(config);
    const b = await losses(config);
    expect(a).toHaveLength(16);
    expect(b).toEqual(a);
  });

  it('gives different losses for a different seed', async () => {
    const a = await losses(config);
    const c = await losses({ ...config, seed: 8 });
    expect(c).not.toEqual(a);
  });
});
