import type { Command } from 'commander';
import { withLocalCore, type GlobalOptions } from '../context';
import { printJson, printTable } from '../output';
import { progressBar, syncClient } from './sync-common';

export function registerPush(program: Command, globals: () => GlobalOptions): void {
  program
    .command('push')
    .description('push runs (params, metric histories, tags, artifacts, dataset inputs) to a team MLflow tracking server; again pushes only what changed')
    .requiredOption(
      '--to <uri>',
      'the tracking server, e.g. http://mlflow.internal:5000 (auth: MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and _PASSWORD)',
    )
    .option('--experiment <name>', 'only runs of this experiment')
    .option('--filter <expr>', "only runs matching this filter, as `cairn runs list --filter` takes, e.g. 'status = finished'")
    .option('--models', 'also registered models, their versions from the pushed runs, and aliases')
    .option('--dry-run', 'list what would change and send nothing')
    .option('--json', 'print the summary as JSON')
    .action(async (o: { to: string; experiment?: string; filter?: string; models?: boolean; dryRun?: boolean; json?: boolean }) => {
      const [{ push }, client] = await Promise.all([import('../../core/mlflow-sync/push'), syncClient(o.to)]);
      await withLocalCore(globals(), async (core) => {
        const bar = progressBar('runs');
        const summary = await push(core.services, client, {
          experiment: o.experiment,
          filter: o.filter,
          models: o.models,
          dryRun: o.dryRun,
          onProgress: bar.update,
        }).finally(bar.done);
        for (const w of summary.warnings) process.stderr.write(`warning: ${w}\n`);
        if (o.json) return printJson(summary);
        if (summary.dryRun && summary.planned.length) {
          printTable(
            ['RUN', 'NAME', 'EXPERIMENT', 'ACTION', 'METRIC POINTS', 'ARTIFACTS'],
            summary.planned.map((p) => [p.id.slice(0, 8), p.name, p.experiment, p.action, p.metrics, p.artifacts]),
          );
        }
        const { runs, models } = summary;
        const verb = summary.dryRun ? 'Would push' : 'Pushed';
        process.stdout.write(
          `${verb} to ${summary.to}: ${runs.created} new run(s), ${runs.updated} updated, ${runs.unchanged} unchanged; ${summary.metrics} metric points, ${summary.artifacts} artifact file(s)` +
            (o.models ? `; ${models.registered} model(s), ${models.versions} version(s), ${models.aliases} alias(es)` : '') +
            (summary.retries ? ` (${summary.retries} request(s) retried)` : '') +
            '\n',
        );
      });
    });
}
