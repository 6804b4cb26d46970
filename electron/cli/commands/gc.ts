import type { Command } from 'commander';
import { UserError } from '../../core/errors';
import { formatBytes } from '../../core/input-limits';
import { call, withCore, type GlobalOptions } from '../context';
import { parseNumber, printJson } from '../output';

export function registerGc(program: Command, globals: () => GlobalOptions): void {
  program
    .command('gc')
    .description('remove stored files nothing refers to (left by killed imports, deleted runs), stale thumbnails and temp files; reports the bytes freed')
    .option('--dry-run', 'report what would be removed, remove nothing')
    .option(
      '--min-age <minutes>',
      'keep unreferenced files younger than this: an import in another process may be about to record them',
      parseNumber('--min-age', false),
      60,
    )
    .option('--json', 'print JSON')
    .action(async (o: { dryRun?: boolean; minAge: number; json?: boolean }) => {
      if (o.minAge < 0) throw new UserError(`--min-age must be 0 or more minutes, got ${o.minAge}`);
      await withCore(globals(), async (core) => {
        const report = await call(core, 'app.gc', { dryRun: o.dryRun === true, minAgeMinutes: o.minAge });
        if (o.json) return printJson(report);
        const verb = report.dryRun ? 'Would free' : 'Freed';
        const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
        const part = (s: { count: number; bytes: number }, noun: string) => `${count(s.count, noun)} (${formatBytes(s.bytes)})`;
        process.stdout.write(
          `${verb} ${formatBytes(report.bytesFreed)}: ${part(report.blobs, 'unreferenced file')}, ${count(report.rows, 'file record')}, ${part(report.thumbnails, 'thumbnail')}, ${part(report.temp, 'temp file')}, ${part(report.atOpen, 'leftover')} of dead processes\n`,
        );
        if (report.kept.count)
          process.stdout.write(`Kept ${part(report.kept, 'unreferenced file')} younger than ${report.minAgeMinutes} minutes or named by a running import\n`);
      });
    });
}
