import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFiles, plantLinks, runAttacks, send, spawnServe } from './attacks';

// `npm run torture`: the attack corpus against a `cairn serve --host 0.0.0.0`, counted per group.
// Exits 1 if any attack got through.

async function main(): Promise<void> {
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
    for (const r of results.filter((x) => !x.blocked).slice(0, 20)) process.stdout.write(`  THROUGH: ${r.attack.group}: ${r.attack.name}: ${r.status} ${r.body.slice(0, 200)}\n`);
    const alive = (await send(serve.port, { method: 'GET', path: '/healthz' }).catch(() => ({ status: 0 }))).status === 200;
    process.stdout.write(`  server still answering    ${alive ? 'yes' : 'NO'}\n`);
    const written = listFiles(outside).filter((f) => f !== 'secret.csv');
    const stacks = serve.output().split('\n').filter((l) => /^\s+at /.test(l)).length;
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

main().catch((err) => {
  process.stderr.write(`torture: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
