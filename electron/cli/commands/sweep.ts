import fs from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../core/errors';
import { call, withCore, type GlobalOptions } from '../context';
import { fmt, printJson, printTable } from '../output';

export function registerSweep(program: Command, globals: () => GlobalOptions): void {
  program
    .command('sweep <spec.json>')
    .description('run a grid or random search over a training config, stopping weak trials early, and wait for it')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        throw new UserError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(err as Error).message})`}`);
      }
      const { sweepSpecSchema } = await import('../../../shared/sweeps/spec');
      const parsed = sweepSpecSchema.safeParse(raw);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        throw new UserError(`${file}: ${i.path.join('.') || 'spec'}: ${i.message}`);
      }
      await withCore(globals(), async (core) => {
        const started = await call(core, 'sweeps.start', { spec: parsed.data });
        process.stderr.write(`Sweep ${started.id}: ${started.trials.length} trials, ${parsed.data.parallel} at a time\n`);
        for (const w of started.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
        const onSigint = () => {
          process.stderr.write('\nCancelling the sweep…\n');
          call(core, 'sweeps.cancel', { id: started.id }).catch((err: Error) => process.stderr.write(`cairn: ${err.message}\n`));
        };
        process.on('SIGINT', onSigint);
        const done = await call(core, 'sweeps.wait', { id: started.id });
        process.off('SIGINT', onSigint);
        if (o.json) printJson(done);
        else {
          printTable(
            ['TRIAL', 'RUN', 'STATUS', done.spec.metric.toUpperCase(), 'PARAMS'],
            done.trials.map((t) => [t.index, t.runId.slice(0, 8), t.pruned ? 'pruned' : t.status, fmt(t.metric ?? undefined), JSON.stringify(t.params)]),
          );
          if (done.best)
            process.stdout.write(`best: trial ${done.best.index} (${done.best.runId}) ${done.spec.metric} = ${fmt(done.best.metric ?? undefined)}\n`);
        }
        if (!done.best) process.exitCode = 1;
      });
    });
}
