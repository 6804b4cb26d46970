import type { Command } from 'commander';
import type { EngineChoice } from '../../../shared/domain';
import { call, withCore, type GlobalOptions } from '../context';
import { ENGINE_CHOICES, printJson } from '../output';

export function registerPredict(program: Command, globals: () => GlobalOptions): void {
  program
    .command('predict')
    .description('batch prediction in a worker process: class probabilities for every row of a CSV or every image of a folder')
    .requiredOption('--model <ref>', 'run id, name@alias or name@version')
    .requiredOption('--input <path>', 'CSV with the feature columns the model was trained on, or a folder of images')
    .requiredOption('--out <file.csv>', 'where to write id, predicted class, one probability per class, model version')
    .option('--engine <engine>', ENGINE_CHOICES, 'auto')
    .option('--json', 'print a JSON summary')
    .action(async (o: { model: string; input: string; out: string; engine: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const r = await call(core, 'models.predict', { ref: o.model, input: o.input, out: o.out, engine: o.engine as EngineChoice, preview: 0 });
        if (o.json) printJson(r);
        else process.stdout.write(`Predicted ${r.rows} rows with ${r.model.label}; wrote ${r.out}\n`);
      });
    });
}
