import fs from 'node:fs';
import type { Command } from 'commander';
import { call, withCore, type GlobalOptions } from '../context';
import { fmt, parseNumber, printJson, printTable, versionRef } from '../output';

export function registerDrift(program: Command, globals: () => GlobalOptions): void {
  program
    .command('drift')
    .description("test each column of current data for drift from a reference dataset version (Evidently's default tests)")
    .requiredOption('--reference <name[@version]>', 'the reference, usually the training data')
    .requiredOption('--current <name[@version]|file.csv>', 'a later dataset version, or a CSV file')
    .option('--share <x>', 'the dataset drifts when this share of columns drifts', parseNumber('--share', false), 0.5)
    .option('--fail-on-drift', 'exit with code 4 when the dataset drifts (for CI)')
    .option('--json', 'print JSON')
    .action(async (o: { reference: string; current: string; share: number; failOnDrift?: boolean; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const current = fs.existsSync(o.current) && fs.statSync(o.current).isFile() ? { path: o.current } : versionRef(o.current);
        const report = await call(core, 'monitoring.drift', { reference: versionRef(o.reference), current, shareThreshold: o.share });
        if (o.json) printJson(withoutOverlays(report));
        else {
          printTable(
            ['COLUMN', 'TYPE', 'TEST', 'SCORE', 'THRESHOLD', 'DRIFTED'],
            report.columns.map((c) => [c.name, c.columnType, c.test, fmt(c.score), fmt(c.threshold), c.drifted ? 'yes' : 'no']),
          );
          if (report.missingColumns.length)
            process.stdout.write(`Not tested (not in the current data, empty, or free text): ${report.missingColumns.join(', ')}\n`);
          process.stdout.write(
            `${report.numberOfDriftedColumns} of ${report.numberOfColumns} columns drifted (${(report.shareOfDriftedColumns * 100).toFixed(0)}%; threshold ${o.share * 100}%): ${report.datasetDrift ? 'DATASET DRIFT' : 'no dataset drift'}\n`,
          );
        }
        if (o.failOnDrift && report.datasetDrift) process.exitCode = 4;
      });
    });
}

/** The histograms are for the app's overlay charts; scripts get the verdicts. */
function withoutOverlays<T extends { columns: object[] }>(report: T): T {
  return { ...report, columns: report.columns.map(({ histogram, categories, ...rest }: { histogram?: unknown; categories?: unknown }) => rest) };
}
