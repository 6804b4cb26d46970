import type { Command } from 'commander';
import type { RunSummary } from '../../../shared/domain';
import { parseTag } from '../../../shared/runs/tags';
import { UserError } from '../../core/errors';
import { call, withCore, type GlobalOptions } from '../context';
import { fmt, parseNumber, printJson, printTable } from '../output';

export function registerRuns(program: Command, globals: () => GlobalOptions): void {
  const runs = program.command('runs').description('list and inspect training runs');

  runs
    .command('list')
    .description('list runs, newest first, or filtered and sorted in the store')
    .option('--experiment <name>', 'only runs of this experiment')
    .option('--filter <expr>', "e.g. 'params.learningRate < 0.01 and metrics.val_accuracy >= 0.9 and status = finished'")
    .option('--sort <field>', 'sort key, e.g. metrics.val_loss.min or params.batchSize; append :asc or :desc (default desc)')
    .option('--limit <n>', 'at most this many runs', parseNumber('--limit', true), 1000)
    .option('--archived', 'include archived runs')
    .option('--json', 'print JSON')
    .action(async (o: { experiment?: string; filter?: string; sort?: string; limit: number; archived?: boolean; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const sort = o.sort ? parseSort(o.sort) : undefined;
        const page = await call(core, 'runs.query', {
          experimentId: o.experiment,
          filter: o.filter,
          sort,
          limit: o.limit,
          includeArchived: o.archived ?? false,
        });
        for (const w of page.warnings) process.stderr.write(`warning: ${w}\n`);
        if (o.json) printJson(page.runs);
        else {
          printRuns(page.runs);
          if (page.total > page.runs.length) process.stdout.write(`(${page.runs.length} of ${page.total}; raise --limit for more)\n`);
        }
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
        process.stdout.write(
          `${run.name} (${run.id})\nstatus: ${run.status}\nengine: ${run.engine ?? '-'} (${run.device ?? '-'})\ndataset: ${run.datasetName}@${run.datasetVersion}\n`,
        );
        for (const [k, v] of Object.entries(run.params)) process.stdout.write(`  ${k}: ${v}\n`);
        const skipped = run.nonFiniteMetrics ?? {};
        for (const [k, m] of Object.entries(run.metrics))
          process.stdout.write(`  ${k}: ${fmt(m.last)} (min ${fmt(m.min)}, max ${fmt(m.max)})${skipped[k] ? `, ${nonFinite(skipped[k])} skipped` : ''}\n`);
        for (const [k, n] of Object.entries(skipped)) if (!run.metrics[k]) process.stdout.write(`  ${k}: no finite value, ${nonFinite(n)}\n`);
        if (run.error) process.stdout.write(`error:\n${run.error}\n`);
      });
    });

  runs
    .command('rename <id> <name>')
    .description('give a run a new name (an id prefix is enough)')
    .option('--json', 'print JSON')
    .action(async (id: string, name: string, o: { json?: boolean }) => {
      if (!name.trim()) throw new UserError('A run name must not be empty');
      await withCore(globals(), async (core) => printRun(await call(core, 'runs.update', { id, name }), o.json));
    });

  runs
    .command('tag <id> [tags...]')
    .description('set tags on a run as key=value (an id prefix is enough)')
    .option('--remove <key...>', 'remove these tags')
    .option('--json', 'print JSON')
    .action(async (id: string, pairs: string[], o: { remove?: string[]; json?: boolean }) => {
      const set = pairs.map((pair) => {
        const tag = parseTag(pair);
        if (!tag) throw new UserError(`A tag is key=value, not "${pair}"`);
        return tag;
      });
      if (!set.length && !o.remove?.length) throw new UserError('Give tags as key=value, or --remove <key>');
      await withCore(globals(), async (core) => {
        const tags = { ...(await call(core, 'runs.get', { id })).tags };
        for (const key of o.remove ?? []) delete tags[key];
        for (const { key, value } of set) tags[key] = value;
        printRun(await call(core, 'runs.update', { id, tags }), o.json);
      });
    });
}

function printRun(run: RunSummary, json: boolean | undefined): void {
  if (json) printJson(run);
  else printRuns([run]);
}

function nonFinite(n: number): string {
  return `${n} NaN/±Infinity value${n === 1 ? '' : 's'}`;
}

function printRuns(list: RunSummary[]): void {
  // A value that left NaN/±Infinity points out is marked, and the mark explained under the table.
  const cell = (r: RunSummary, key: string) => `${fmt(r.metrics[key]?.last)}${r.nonFiniteMetrics?.[key] ? '*' : ''}`;
  printTable(
    ['ID', 'NAME', 'EXPERIMENT', 'STATUS', 'ENGINE', 'DATASET', 'LOSS', 'VAL_ACC'],
    list.map((r) => [
      r.id.slice(0, 8),
      r.name,
      r.experimentName,
      r.status,
      r.engine,
      r.datasetName ? `${r.datasetName}@${r.datasetVersion}` : '',
      cell(r, 'loss'),
      cell(r, 'val_accuracy'),
    ]),
  );
  if (list.some((r) => r.nonFiniteMetrics?.loss || r.nonFiniteMetrics?.val_accuracy))
    process.stdout.write('* NaN or ±Infinity values skipped (see cairn runs show)\n');
}

function parseSort(raw: string): { field: string; dir: 'asc' | 'desc' } {
  const m = /^(.*?)(?::(asc|desc))?$/.exec(raw.trim())!;
  return { field: m[1], dir: (m[2] as 'asc' | 'desc' | undefined) ?? 'desc' };
}
