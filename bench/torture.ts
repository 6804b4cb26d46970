import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFiles, plantLinks, runAttacks, send, spawnServe } from './attacks';
import { FAULT_KINDS, FaultBench, KILL_WINDOW_MS, type FaultTrial } from './torture/faults';

// `npm run torture`: the attack corpus against a `cairn serve --host 0.0.0.0`, counted per group,
// then crash trials (kill -9 of long commands, CAIRN_TORTURE_TRIALS of them, default 24).
// Exits 1 if any attack got through or any fault was not survived.

async function main(): Promise<void> {
  await attacks();
  await faults();
}

async function attacks(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-torture-'));
  const inside = path.join(root, 'project');
  const outside = path.join(root, 'outside');
  const dataDir = path.join(inside, '.cairn');
  fs.mkdirSync(inside);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.csv'), 'secret,label\n1,a\n');
  const serve = await spawnServe(dataDir, inside, ['--host', '0.0.0.0']);
  try {
    const target = { port: serve.port, token: serve.token, dataDir, inside, outside };
    plantLinks(target);
    const started = Date.now();
    const results = await runAttacks(target);
    const groups = new Map<string, { tried: number; blocked: number }>();
    for (const r of results) {
      const g = groups.get(r.attack.group) ?? { tried: 0, blocked: 0 };
      g.tried++;
      if (r.blocked) g.blocked++;
      groups.set(r.attack.group, g);
    }
    process.stdout.write(`cairn serve --host 0.0.0.0 under attack (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    for (const [group, g] of groups) process.stdout.write(`  ${group.padEnd(24)} ${String(g.blocked).padStart(4)} blocked of ${g.tried}\n`);
    const blocked = results.filter((r) => r.blocked).length;
    process.stdout.write(`  ${'attacks'.padEnd(24)} ${String(blocked).padStart(4)} blocked of ${results.length} tried\n`);
    for (const r of results.filter((x) => !x.blocked).slice(0, 20))
      process.stdout.write(`  THROUGH: ${r.attack.group}: ${r.attack.name}: ${r.status} ${r.body.slice(0, 200)}\n`);
    const alive = (await send(serve.port, { method: 'GET', path: '/healthz' }).catch(() => ({ status: 0 }))).status === 200;
    process.stdout.write(`  server still answering    ${alive ? 'yes' : 'NO'}\n`);
    const written = listFiles(outside).filter((f) => f !== 'secret.csv');
    const stacks = serve
      .output()
      .split('\n')
      .filter((l) => /^\s+at /.test(l)).length;
    process.stdout.write(`  files written outside     ${written.length}\n  stack lines in the log    ${stacks}\n`);
    if (blocked < results.length || !alive || written.length || stacks) {
      process.stdout.write(`\nserver output:\n${serve.output()}`);
      process.exitCode = 1;
    }
  } finally {
    await serve.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function faults(): Promise<void> {
  const trials = Number(process.env.CAIRN_TORTURE_TRIALS ?? 24);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-faults-'));
  const bench = new FaultBench(work);
  bench.setup();
  process.stdout.write(`\ncrash trials: kill -9 at a random moment, then the next command opens the folder\n`);
  const results: FaultTrial[] = [];
  let seed = 1;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  try {
    for (let i = 0; i < trials; i++) {
      const kind = FAULT_KINDS[i % FAULT_KINDS.length];
      const trial = await bench.trial(kind, Math.floor(random() * KILL_WINDOW_MS[kind]));
      results.push(trial);
      const verdict = trial.problems.length ? `FAILED: ${trial.problems.join('; ')}` : trial.finishedFirst ? 'ended before the kill' : 'survived';
      process.stdout.write(`  ${String(i + 1).padStart(3)} ${kind.padEnd(7)} kill at ${String(trial.killAfterMs).padStart(4)} ms  ${verdict}\n`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const injected = results.filter((t) => !t.finishedFirst);
  const failed = results.filter((t) => t.problems.length > 0);
  process.stdout.write(
    `  faults injected ${injected.length}, survived ${injected.length - failed.filter((t) => !t.finishedFirst).length}; trials with problems ${failed.length} of ${results.length}\n`,
  );
  if (failed.length) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`torture: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
