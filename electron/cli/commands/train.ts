import type { Command } from 'commander';
import type { RunDetail, RunProgress } from '../../../shared/domain';
import type { TrainConfigInput } from '../../../shared/training/config';
import { call, withCore, type CliCore, type GlobalOptions } from '../context';
import { ENGINE_CHOICES, parseDatasetRef, parseNumber, printJson } from '../output';

interface TrainFlags {
  dataset: string;
  model?: 'mlp' | 'cnn';
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  hiddenUnits?: string;
  filters?: string;
  dropout?: number;
  validationSplit?: number;
  optimizer?: string;
  experiment: string;
  name?: string;
  engine?: string;
  json?: boolean;
}

export function registerTrain(program: Command, globals: () => GlobalOptions): void {
  program
    .command('train')
    .description('train a model on a dataset in a worker process and wait for it to end')
    .requiredOption('--dataset <name[@version]>', 'dataset to train on (latest version unless @N)')
    .option('--model <mlp|cnn>', 'mlp for tables, cnn for images (default: from the dataset kind)')
    .option('--epochs <n>', 'epochs', parseNumber('--epochs', true))
    .option('--batch-size <n>', 'batch size', parseNumber('--batch-size', true))
    .option('--lr <x>', 'learning rate', parseNumber('--lr', false))
    .option('--seed <n>', 'random seed', parseNumber('--seed', true))
    .option('--hidden-units <list>', 'MLP hidden layer sizes, e.g. 64,32')
    .option('--filters <list>', 'CNN filters per conv block, e.g. 16,32')
    .option('--dropout <x>', 'dropout rate', parseNumber('--dropout', false))
    .option('--validation-split <x>', 'share of rows held out for validation', parseNumber('--validation-split', false))
    .option('--optimizer <name>', 'adam, sgd, rmsprop or adagrad')
    .option('--experiment <name>', 'experiment to file the run under', 'Default')
    .option('--name <name>', 'run name')
    .option('--engine <engine>', ENGINE_CHOICES)
    .option('--json', 'print JSON')
    .action(async (o: TrainFlags) => {
      await withCore(globals(), async (core) => {
        const ref = parseDatasetRef(o.dataset);
        const version = await call(core, 'datasets.version', { id: ref.name, version: ref.version });
        const model = o.model ?? (version.kind === 'images' ? 'cnn' : 'mlp');
        const config: TrainConfigInput = {
          model,
          ...(o.epochs !== undefined && { epochs: o.epochs }),
          ...(o.batchSize !== undefined && { batchSize: o.batchSize }),
          ...(o.lr !== undefined && { learningRate: o.lr }),
          ...(o.seed !== undefined && { seed: o.seed }),
          ...(o.validationSplit !== undefined && { validationSplit: o.validationSplit }),
          ...(o.optimizer !== undefined && { optimizer: o.optimizer as TrainConfigInput['optimizer'] }),
          ...(o.engine !== undefined && { engine: o.engine as TrainConfigInput['engine'] }),
        };
        if (model === 'mlp')
          config.mlp = { ...(o.hiddenUnits && { hiddenUnits: parseList(o.hiddenUnits) }), ...(o.dropout !== undefined && { dropout: o.dropout }) };
        else config.cnn = { ...(o.filters && { filters: parseList(o.filters) }), ...(o.dropout !== undefined && { dropout: o.dropout }) };
        if (o.validationSplit !== undefined && (await call(core, 'datasets.splits', { id: version.datasetId, version: version.version }))) {
          process.stderr.write(
            `warning: --validation-split is ignored: ${o.dataset} has a stored split, whose train part is fitted on and validation part validated on\n`,
          );
        }
        const started = await call(core, 'runs.start', {
          datasetId: version.datasetId,
          datasetVersion: version.version,
          experiment: o.experiment,
          name: o.name,
          config,
        });
        const run = await follow(core, started.id);
        report(run, o.json);
      });
    });

  program
    .command('rerun <id>')
    .description('train a run again with the same config, seed and dataset version, and wait for it to end')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const started = await call(core, 'runs.rerun', { id });
        const run = await follow(core, started.id);
        report(run, o.json);
      });
    });

  program
    .command('resume <id>')
    .description('resume an interrupted run from its last checkpoint and wait for it to end')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const started = await call(core, 'runs.resume', { id });
        const run = await follow(core, started.id);
        report(run, o.json);
      });
    });
}

/** Waits for the run, showing progress on stderr; Ctrl+C cancels it instead of orphaning it. */
export async function follow(core: CliCore, runId: string): Promise<RunDetail> {
  const tty = process.stderr.isTTY;
  const off = core.events.on('run.progress', ({ runId: id, progress }) => {
    if (id === runId && tty) process.stderr.write(`\r${progressLine(progress)}`);
  });
  const onSigint = () => {
    process.stderr.write('\nCancelling…\n');
    call(core, 'runs.cancel', { id: runId }).catch((err: Error) => process.stderr.write(`cairn: ${err.message}\n`));
  };
  process.on('SIGINT', onSigint);
  try {
    return await call(core, 'runs.wait', { id: runId });
  } finally {
    off();
    process.off('SIGINT', onSigint);
    if (tty) process.stderr.write('\n');
  }
}

function progressLine(p: RunProgress): string {
  const eta = p.etaMs === null ? '' : ` · ETA ${Math.ceil(p.etaMs / 1000)}s`;
  const rate = p.samplesPerSec === null ? '' : ` · ${Math.round(p.samplesPerSec)} samples/s`;
  return `epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batchesPerEpoch}${rate}${eta}   `;
}

export function report(run: RunDetail, json?: boolean): void {
  const metrics = Object.fromEntries(Object.entries(run.metrics).map(([k, m]) => [k, m.last]));
  const detail = { runId: run.id, name: run.name, status: run.status, engine: run.engine, device: run.device, metrics };
  if (json) printJson(detail);
  else {
    process.stdout.write(`Run ${run.id} ${run.status} on ${run.engine ?? '?'} (${run.device ?? '?'})\n`);
    for (const [k, v] of Object.entries(metrics)) process.stdout.write(`  ${k}: ${v.toFixed(4)}\n`);
  }
  if (run.error) process.stderr.write(`cairn: run ${run.status}: ${run.error}\n`);
  if (run.status !== 'finished') process.exitCode = 1;
}

function parseList(raw: string): number[] {
  return raw.split(',').map((s) => Number(s.trim()));
}
