import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAULT_KINDS, FaultBench, KILL_WINDOW_MS, type FaultTrial } from './faults';

// `npm run torture`: crash trials at scale. Prints how many faults were injected and survived,
// and what went wrong in the others. CAIRN_TORTURE_TRIALS sets the count (default 24).

async function main(): Promise<void> {
  const trials = Number(process.env.CAIRN_TORTURE_TRIALS ?? 24);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-torture-'));
  const bench = new FaultBench(work);
  bench.setup();
  const results: FaultTrial[] = [];
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (let i = 0; i < trials; i++) {
    const kind = FAULT_KINDS[i % FAULT_KINDS.length];
    const trial = await bench.trial(kind, Math.floor(random() * KILL_WINDOW_MS[kind]));
    results.push(trial);
    const verdict = trial.problems.length ? `FAILED: ${trial.problems.join('; ')}` : trial.finishedFirst ? 'ended before the kill' : 'survived';
    process.stdout.write(`  ${String(i + 1).padStart(3)} ${kind.padEnd(7)} kill at ${String(trial.killAfterMs).padStart(4)} ms  ${verdict}\n`);
  }
  const injected = results.filter((t) => !t.finishedFirst);
  const survived = injected.filter((t) => t.problems.length === 0);
  const failedAnyway = results.filter((t) => t.problems.length > 0);
  process.stdout.write(`\nfaults injected ${injected.length}, survived ${survived.length}; trials with problems ${failedAnyway.length} of ${results.length}\n`);
  fs.rmSync(work, { recursive: true, force: true });
  process.exitCode = failedAnyway.length ? 1 : 0;
}

void main();
