import type { Command } from 'commander';
import type { ModelVersionInfo } from '../../../shared/api/calls/models';
import { call, withCore, type GlobalOptions } from '../context';
import { localTime, parseNumber, printJson, printTable } from '../output';

export function registerModels(program: Command, globals: () => GlobalOptions): void {
  const models = program.command('models').description('the model registry: versions, aliases, import');

  models
    .command('register <runId>')
    .description("register a finished run's model as the next version of a named model")
    .requiredOption('--name <name>', 'model name (created if new)')
    .option('--description <text>', 'what this version is', '')
    .option('--json', 'print JSON')
    .action(async (runId: string, o: { name: string; description: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const v = await call(core, 'models.register', { runId, name: o.name, description: o.description });
        if (o.json) printJson(v);
        else process.stdout.write(`Registered run ${v.runId} as ${v.model} v${v.version}\n`);
      });
    });

  models
    .command('alias <name> <version> <alias>')
    .description('point an alias (champion, challenger, any name) at a version; champion needs passing quality gates or --reason')
    .option('--reason <text>', 'why; required to make a version champion without a passing evaluation (recorded as an override)')
    .option('--json', 'print JSON')
    .action(async (name: string, version: string, alias: string, o: { reason?: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const n = parseNumber('<version>', true)(version.replace(/^v/, ''));
        const m = await call(core, 'models.alias', { name, version: n, alias, reason: o.reason });
        if (o.json) printJson(m);
        else process.stdout.write(`${name}@${alias} -> v${n}${m.aliasHistory.at(-1)?.override ? ' (override recorded)' : ''}\n`);
      });
    });

  models
    .command('list')
    .description('models with their versions and aliases')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const list = await call(core, 'models.list', {});
        if (o.json) return printJson(list);
        printTable(
          ['MODEL', 'VERSION', 'ALIASES', 'SOURCE', 'CREATED'],
          list.flatMap((m) => m.versions.map((v) => versionRow(v))),
        );
      });
    });

  models
    .command('show <name>')
    .description('one model: versions, lineage, aliases and their history')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const m = await call(core, 'models.get', { name });
        if (o.json) return printJson(m);
        printTable(['MODEL', 'VERSION', 'ALIASES', 'SOURCE', 'CREATED'], m.versions.map(versionRow));
        if (m.aliasHistory.length) process.stdout.write('\nAlias history:\n');
        for (const h of m.aliasHistory) {
          process.stdout.write(
            `  ${localTime(h.movedAt)}  ${h.alias}: ${h.previousVersion === null ? '-' : `v${h.previousVersion}`} -> v${h.version}${h.override ? ' OVERRIDE' : ''}${h.reason ? ` (${h.reason})` : ''}\n`,
          );
        }
      });
    });

  models
    .command('import <file>')
    .description('add a model bundle (.zip from `cairn export`) as a new version, after checking all of it')
    .requiredOption('--name <name>', 'model name (created if new)')
    .option('--description <text>', 'what this version is', '')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { name: string; description: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const v = await call(core, 'models.import', { path: file, name: o.name, description: o.description });
        if (o.json) printJson(v);
        else process.stdout.write(`Imported ${file} as ${v.model} v${v.version}\n`);
      });
    });
}

function versionRow(v: ModelVersionInfo): string[] {
  const source = v.runId ? `run ${v.runId.slice(0, 8)}` : `imported ${v.lineage.imported?.file ?? ''}`;
  return [v.model, `v${v.version}`, v.aliases.join(','), source, localTime(v.createdAt)];
}
