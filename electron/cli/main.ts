import { Command, CommanderError } from 'commander';
import { UserError } from '../core/errors';
import { appVersion } from '../core/paths';
import { registerDatasets } from './commands/datasets';
import { registerDrift } from './commands/drift';
import { registerEvaluate } from './commands/evaluate';
import { registerLabels } from './commands/labels';
import { registerExport } from './commands/export';
import { registerGc } from './commands/gc';
import { registerModels } from './commands/models';
import { registerMonitor, registerRetrain } from './commands/monitor';
import { registerPredict } from './commands/predict';
import { registerRuns } from './commands/runs';
import { registerServe } from './commands/serve';
import { registerSettings } from './commands/settings';
import { registerSweep } from './commands/sweep';
import { registerTrain } from './commands/train';
import type { GlobalOptions } from './context';

export async function main(argv: string[]): Promise<void> {
  const program = new Command('cairn')
    .description('Cairn: the MLOps workbench on your workstation, from the command line')
    .version(appVersion())
    .option('--data-dir <dir>', 'data folder (default: $CAIRN_DATA_DIR, else the desktop app\'s folder)')
    .showHelpAfterError('(see cairn --help)')
    .exitOverride();
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  registerDatasets(program, globals);
  registerLabels(program, globals);
  registerTrain(program, globals);
  registerRuns(program, globals);
  registerSweep(program, globals);
  registerDrift(program, globals);
  registerSettings(program, globals);
  registerServe(program, globals);
  registerModels(program, globals);
  registerExport(program, globals);
  registerPredict(program, globals);
  registerEvaluate(program, globals);
  registerMonitor(program, globals);
  registerRetrain(program, globals);
  registerGc(program, globals);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof UserError) {
      process.stderr.write(`cairn: ${err.message}\n`);
      process.exitCode = err.code === 'not_found' ? 3 : 1;
      return;
    }
    throw err;
  }
}
