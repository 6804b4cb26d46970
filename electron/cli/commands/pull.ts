import type { Command } from 'commander';
import { withLocalCore, type GlobalOptions } from '../context';
import { printJson } from '../output';
import { progressBar, syncClient } from './sync-common';

export function registerPull(program: Command, globals: () => GlobalOptions): void {
  program
    .command('pull')
    .description("bring a team MLflow server's runs into this data folder, read-only and marked with their origin, to compare beside your own")
    .requiredOption('--from <uri>', 'the tracking server, e.g. http://mlflow.internal:5000 (auth as for cairn push)')
    .option('--experiment <name>', 'only this experiment of the server')
    .option('--filter <expr>', 'an MLflow search filter, e.g. "metrics.val_accuracy > 0.9 and tags.team = \'vision\'"')
    .option('--json', 'print the summary as JSON')
    .action(async (o: { from: string; experiment?: string; filter?: string; json?: boolean }) => {
      const [{ pull }, client] = await Promise.all([import('../../core/mlflow-sync/pull'), syncClient(o.from)]);
      await withLocalCore(globals(), async (core) => {
        const bar = progressBar('runs');
        const summary = await pull(core.services, client, { experiment: o.experiment, filter: o.filter, onProgress: bar.update }).finally(bar.done);
        if (o.json) return printJson(summary);
        const { runs } = summary;
        process.stdout.write(
          `Pulled from ${summary.from}: ${runs.created} new run(s), ${runs.updated} updated, ${runs.unchanged} unchanged; ${summary.metrics} metric points` +
            (summary.own ? `; ${summary.own} run(s) pushed from here were left as they are` : '') +
            '\n',
        );
      });
    });
}
