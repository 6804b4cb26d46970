import type { Command } from 'commander';
import { call, withCore, type GlobalOptions } from '../context';
import { printJson } from '../output';

export function registerDoctor(program: Command, globals: () => GlobalOptions): void {
  program
    .command('doctor')
    .description('check each training engine: whether it loads here, on what device, and what would fix it')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const checks = await call(core, 'app.engines', {});
        if (o.json) return printJson(checks);
        for (const c of checks) {
          const mark = c.available ? 'ok ' : 'no ';
          const auto = c.chosenByAuto ? '  <- auto' : '';
          process.stdout.write(`${mark} ${c.engine.padEnd(8)} ${c.detail}${auto}\n`);
          if (c.fix) process.stdout.write(`    fix: ${c.fix}\n`);
        }
      });
    });
}
