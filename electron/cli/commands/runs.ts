import type { Command } from 'commander';
import type { RunSummary } from '../../../shared/domain';
import { UserError } from '../../core/errors';
import { call, withCore, type GlobalOptions } from '../context';
import { fmt, printJson, printTable } from '../output';

export function registerRuns(program: Command, globals: () => GlobalOptions): void {
  const runs = program.command('runs').description('list and inspect training runs');

  runs
    .command('list')
    .description('list runs, newest first')
    .option('--experiment <name>', 'only runs of this experiment')
    .option('--json', 'print JSON')
    .action(async (o: { experiment?: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        let experimentId: number | undefined;
        if (o.experiment !== undefined) {
          const exp = core.runs.experimentByName(o.experiment, false);
          if (!exp) throw new UserError(`No experiment named "${o.experiment}"`, 'not_found');
          experimentId = exp.id;
        }
        const list = await call(core, 'runs.list', { experimentId });
        if (o.json) printJson(list);
        else printRuns(list);
      });
    });

  runs
    .command('show <id>')
    .description('one run: config, engine, metrics, artifacts (an id prefix is enough)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const run = await call(core, 'runs.get', { id });
        if (o.json) return printJson(run);
        process.stdout.write(`${run.name} (${run.id})\nstatus: ${run.status}\nengine: ${run.engine ?? '-'} (${run.device ?? '-'})\ndataset: ${run.datasetName}@${run.datasetVersion}\n`);
        for (const [k, v] of Object.entries(run.params)) process.stdout.write(`  ${k}: ${v}\n`);
        for (const [k, m] of Object.entries(run.metrics)) process.stdout.write(`  ${k}: ${fmt(m.last)} (min ${fmt(m.min)}, max ${fmt(m.max)})\n`);
        if (run.error) process.stdout.write(`error:\n${run.error}\n`);
      });
    });
}

function printRuns(list: RunSummary[]): void {
  printTable(
    ['ID', 'NAME', 'EXPERIMENT', 'STATUS', 'ENGINE', 'DATASET', 'LOSS', 'VAL_ACC'],
    list.map((r) => [r.id.slice(0, 8), r.name, r.experimentName, r.status, r.engine, r.datasetName ? `${r.datasetName}@${r.datasetVersion}` : '', fmt(r.metrics.loss?.last), fmt(r.metrics.val_accuracy?.last)]),
  );
}
