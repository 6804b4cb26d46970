import { Command, CommanderError } from 'commander';
import { UserError } from '../core/errors';
import { restrictNewFiles } from '../core/data-dir';
import { appVersion } from '../core/paths';
import { registerDatasets } from './commands/datasets';
import { registerDoctor } from './commands/doctor';
import { registerDrift } from './commands/drift';
import { registerEvaluate } from './commands/evaluate';
import { registerLabels } from './commands/labels';
import { registerExport } from './commands/export';
import { registerGc } from './commands/gc';
import { registerModels } from './commands/models';
import { registerPipeline } from './commands/pipeline';
import { registerMonitor, registerOutcomes, registerRetrain } from './commands/monitor';
import { registerPredict } from './commands/predict';
import { registerPull } from './commands/pull';
import { registerPush } from './commands/push';
import { registerRuns } from './commands/runs';
import { registerServe } from './commands/serve';
import { registerSettings } from './commands/settings';
import { registerSweep } from './commands/sweep';
import { registerTrain } from './commands/train';
import type { GlobalOptions } from './context';

export async function main(argv: string[]): Promise<void> {
  restrictNewFiles();
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  const program = new Command('cairn')
    .description('Cairn: the MLOps workbench on your workstation, from the command line')
    .version(appVersion())
    .option('--data-dir <dir>', "data folder (default: $CAIRN_DATA_DIR, else the desktop app's folder)")
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
  registerOutcomes(program, globals);
  registerRetrain(program, globals);
  registerDoctor(program, globals);
  registerGc(program, globals);
  registerPush(program, globals);
  registerPull(program, globals);
  registerPipeline(program, globals);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof UserError) {
      process.stderr.write(`cairn: ${err.message}${cliHint(err)}\n`);
      process.exitCode = err.code === 'not_found' ? 3 : 1;
      return;
    }
    throw err;
  }
}

/** Commands that list what a not-found name could have been. */
const LISTS: Record<string, string> = { model: 'cairn models list', dataset: 'cairn datasets list' };

/**
 * The core names the input an error is about, in words any client can show; the command line
 * adds its own: the listing command for a name not found, else the flag that sets the input.
 */
function cliHint(err: UserError): string {
  const { field, code } = err;
  if (!field) return '';
  if (code === 'not_found') return LISTS[field] ? `; see \`${LISTS[field]}\`` : '';
  return ` (${field === 'reason' ? '--reason "..."' : `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`})`;
}

/**
 * A reader that stopped early (`cairn ... | head -2`) closes the pipe, and the next write fails
 * with EPIPE. Unix tools die of SIGPIPE there, silently; Node ignores that signal, so the error
 * would surface as a stack trace. Exit quietly instead, and with 0: the reader has what it asked
 * for, and under `set -o pipefail` a status of 141 would fail the script for it.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
