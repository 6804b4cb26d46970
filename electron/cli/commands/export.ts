import type { Command } from 'commander';
import { call, withCore, type GlobalOptions } from '../context';
import { printJson } from '../output';

export function registerExport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('export <ref>')
    .description('write a handoff bundle (tfjs + ONNX model, preprocessing, model card, README, manifest) for a run id, name@alias or name@version')
    .requiredOption('--out <file.zip>', 'zip file to write')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { out: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const r = await call(core, 'models.export', { ref, path: o.out });
        if (o.json) return printJson(r);
        process.stdout.write(`Wrote ${r.path} (${r.files.length + 1} files)\n`);
        if (!r.onnx.included) process.stderr.write(`cairn: no model.onnx in the bundle: ${r.onnx.reason}\n`);
      });
    });
}
