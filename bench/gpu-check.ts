import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { ENGINES } from '../shared/domain';
import { benchTraining, type TrainingBench } from './training';

// `scripts/gpu-check.sh` runs this on a machine with a GPU: every engine that loads, in a
// process of its own (tfjs-node and the WebGPU backend can't share one), trains the bench's MLP
// and CNN at batch 64 and 256 and prints samples/s, so the README's GPU figures come from one run.

const BATCHES = [64, 256];

async function one(engine: string): Promise<void> {
  const results: TrainingBench[] = [];
  for (const batch of BATCHES) results.push(await benchTraining(engine, batch));
  process.stdout.write(JSON.stringify(results));
}

function all(): void {
  process.stdout.write(`GPU check on ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}\n`);
  process.stdout.write('engine     device  adapter                                   batch   MLP samples/s   CNN samples/s\n');
  for (const engine of ENGINES) {
    const r = spawnSync(process.execPath, [__filename, '--one', engine], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) {
      const why =
        (r.stderr || 'timed out')
          .trim()
          .split('\n')
          .find((l) => /not available|Error/.test(l)) ?? r.stderr.trim().split('\n')[0];
      process.stdout.write(`${engine.padEnd(10)} does not load: ${why}\n`);
      continue;
    }
    for (const b of JSON.parse(r.stdout) as TrainingBench[]) {
      process.stdout.write(
        `${b.engine.padEnd(10)} ${b.device.toUpperCase().padEnd(7)} ${(b.adapter ?? '-').slice(0, 40).padEnd(41)} ${String(b.batchSize).padStart(5)}   ${b.mlpSamplesPerSec.toLocaleString('en').padStart(13)}   ${b.cnnSamplesPerSec.toLocaleString('en').padStart(13)}\n`,
      );
    }
  }
}

const at = process.argv.indexOf('--one');
if (at > 0) {
  one(process.argv[at + 1]).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
} else {
  all();
}
