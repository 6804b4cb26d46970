import type { Command } from 'commander';
import { UserError } from '../../core/errors';
import { call, withCore, type GlobalOptions } from '../context';
import { parseNumber, printJson } from '../output';

export function registerSettings(program: Command, globals: () => GlobalOptions): void {
  const settings = program.command('settings').description('show or change settings kept in the data folder');
  settings
    .command('show', { isDefault: true })
    .description('print the settings')
    .option('--json', 'print JSON')
    .action(async () => withCore(globals(), async (core) => printJson(await call(core, 'settings.get', {}))));
  settings
    .command('set')
    .description('change settings')
    .option('--price-per-hour <x>', 'what an hour of compute costs here, for cost estimates', parseNumber('--price-per-hour', false))
    .option('--currency <code>', 'currency of the price, e.g. USD')
    .option('--labeler <name>', 'your name, recorded with your labels')
    .option('--mlflow-server <on|off>', 'answer the MLflow tracking API from the desktop app')
    .option('--mlflow-port <n>', 'port of that API in the desktop app', parseNumber('--mlflow-port', true))
    .option('--push-to <uri|off>', 'push each run to this team MLflow tracking server when it ends (as cairn push --to); off stops')
    .option('--pipeline-webhook <url>', 'where pipelines\' notify steps POST their outcome when the spec names none ("" for none)')
    .option('--pipelines <on|off>', "the desktop app and cairn serve run every known pipeline's triggers while open (as cairn pipeline watch)")
    .option('--json', 'print JSON')
    .action(
      async (o: {
        pricePerHour?: number;
        currency?: string;
        labeler?: string;
        mlflowServer?: string;
        mlflowPort?: number;
        pushTo?: string;
        pipelineWebhook?: string;
        pipelines?: string;
      }) => {
        for (const [flag, v] of [
          ['--mlflow-server', o.mlflowServer],
          ['--pipelines', o.pipelines],
        ] as const)
          if (v !== undefined && v !== 'on' && v !== 'off') throw new UserError(`${flag} takes on or off`);
        const mlflow =
          o.mlflowServer !== undefined || o.mlflowPort !== undefined
            ? { ...(o.mlflowServer && { enabled: o.mlflowServer === 'on' }), ...(o.mlflowPort && { port: o.mlflowPort }) }
            : undefined;
        await withCore(globals(), async (core) =>
          printJson(
            await call(core, 'settings.set', {
              pricePerHour: o.pricePerHour,
              currency: o.currency,
              labelerName: o.labeler,
              mlflowServer: mlflow,
              pushTo: o.pushTo === 'off' ? null : o.pushTo,
              pipelineWebhook: o.pipelineWebhook,
              pipelinesEnabled: o.pipelines === undefined ? undefined : o.pipelines === 'on',
            }),
          ),
        );
      },
    );

  const experiments = program.command('experiments').description('experiment budgets and costs');
  experiments
    .command('budget <name> <amount>')
    .description('set a spending limit for an experiment ("none" removes it); sweeps warn before exceeding it')
    .option('--json', 'print JSON')
    .action(async (name: string, amount: string) => {
      const budget = amount === 'none' ? null : parseNumber('<amount>', false)(amount);
      await withCore(globals(), async (core) => printJson(await call(core, 'experiments.setBudget', { experimentId: name, budget })));
    });
  experiments
    .command('cost <name>')
    .description("compute hours and estimated cost of an experiment's runs, against its budget")
    .option('--json', 'print JSON')
    .action(async (name: string) => withCore(globals(), async (core) => printJson(await call(core, 'experiments.cost', { experimentId: name }))));
}
