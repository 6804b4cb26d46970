import fs from 'node:fs';
import type { Command } from 'commander';
import type { EvaluationRecord } from '../../../shared/api/calls/evaluation';
import type { TimelineResult, TimelineSeries } from '../../../shared/api/calls/monitoring';
import { SERIES_LABELS, seriesUnit } from '../../../shared/monitoring/series';
import { describeDrift, type DriftClassification } from '../../../shared/stats/drift-kind';
import type { EngineChoice } from '../../../shared/domain';
import { UserError } from '../../core/errors';
import { call, withCore, type GlobalOptions } from '../context';
import { parseValues } from './evaluate';
import { ENGINE_CHOICES, fmt, parseNumber, printJson, printTable, versionRef } from '../output';

interface MonitorFlags {
  run: string;
  reference?: string;
  current: string;
  timestamp?: string;
  period?: string;
  chunkSize?: number;
  chunks?: number;
  share: number;
  engine: string;
  value?: string;
  outcomeColumn?: string;
  idColumn?: string;
  failOnAlert?: boolean;
  json?: boolean;
}

/** A CSV file when there is one at that path, else a dataset version. */
function dataRef(ref: string): { path: string } | { datasetId: string; version?: number } {
  return fs.existsSync(ref) && fs.statSync(ref).isFile() ? { path: ref } : versionRef(ref);
}

export function registerMonitor(program: Command, globals: () => GlobalOptions): void {
  program
    .command('monitor')
    .description(
      'monitoring timeline: current data in chunks, with data and prediction drift, realized and estimated (CBPE) accuracy, and alert bands from the reference',
    )
    .requiredOption('--run <ref>', 'run id, name@alias or name@version')
    .option('--reference <name[@version]>', "the reference (default: the run's training dataset version)")
    .requiredOption('--current <name[@version]|file.csv>', 'the data to watch: a dataset version or a CSV file')
    .option('--timestamp <column>', 'order (and with --period, group) the rows by this time column')
    .option('--period <period>', 'one chunk per day, week or month (needs --timestamp)')
    .option('--chunk-size <n>', 'rows per chunk', parseNumber('--chunk-size', true))
    .option('--chunks <n>', 'this many equal chunks (default 10)', parseNumber('--chunks', true))
    .option('--share <x>', 'a chunk drifts when this share of columns drifts', parseNumber('--share', false), 0.5)
    .option('--value <tp=..,fp=..,tn=..,fn=..>', 'value of each outcome: charts the value per 1,000 predictions expected and realized')
    .option('--outcome-column <column>', 'realized outcomes in this column of the current data: a class (1/0, yes/no) or an amount (default: the label)')
    .option('--id-column <column>', 'or: row ids in this column, joined to the outcomes logged with cairn outcomes log')
    .option('--engine <engine>', ENGINE_CHOICES, 'auto')
    .option('--fail-on-alert', 'exit with code 4 when any chunk is flagged (for CI)')
    .option('--json', 'print JSON')
    .action(async (o: MonitorFlags) => {
      if (o.period !== undefined && !['day', 'week', 'month'].includes(o.period)) throw new UserError(`--period ${o.period}: day, week or month`);
      const values = o.value === undefined ? undefined : parseValues(o.value);
      await withCore(globals(), async (core) => {
        const result = await call(core, 'monitoring.timeline', {
          model: o.run,
          ...(o.reference !== undefined && { reference: versionRef(o.reference) }),
          current: dataRef(o.current),
          ...(o.timestamp !== undefined && { timestamp: o.timestamp }),
          ...(o.period !== undefined && { period: o.period as 'week' }),
          ...(o.chunkSize !== undefined && { chunkSize: o.chunkSize }),
          ...(o.chunks !== undefined && { chunks: o.chunks }),
          shareThreshold: o.share,
          ...(values && { values }),
          ...(o.outcomeColumn !== undefined && { outcomeColumn: o.outcomeColumn }),
          ...(o.idColumn !== undefined && { idColumn: o.idColumn }),
          engine: o.engine as EngineChoice,
        });
        if (result.referenceTrainingRows) {
          process.stderr.write(
            `warning: ${result.referenceTrainingRows} rows of the reference ${result.reference} were trained on, so the performance bands and the estimated accuracy's calibration are optimistic; give a held-out --reference\n`,
          );
        }
        if (o.json) printJson(result);
        else printTimeline(result);
        if (o.failOnAlert && result.chunks.some((c) => c.flagged)) process.exitCode = 4;
      });
    });
}

function printTimeline(r: TimelineResult): void {
  const w = (s: string) => process.stdout.write(s + '\n');
  w(`${r.model}: ${r.current} against ${r.reference} (${r.referenceChunks} reference chunks of ${r.referenceChunkSize} rows give the bands)`);
  const b = r.bands;
  const range = (k: keyof typeof b) => (b[k] ? `[${fmt(b[k]!.lower, 3)}, ${fmt(b[k]!.upper, 3)}]` : '-');
  w(
    `bands: drift share ${range('drift_share')}, prediction score ${range('prediction_score')}, accuracy ${range('accuracy')}, estimated accuracy ${range('estimated_accuracy')}`,
  );
  if (r.business)
    w(
      `value per 1,000 predictions: realized from ${r.business.source === 'logged' ? `outcomes logged by ${r.business.column}` : r.business.column} (${r.business.kind === 'class' ? 'classes valued by the matrix' : 'amounts'})${r.business.values ? ', expected from the value matrix' : ''}`,
    );
  const value = (v: number | null | undefined) => (v === null || v === undefined ? '-' : fmt(v, 1));
  printTable(
    ['CHUNK', 'ROWS', 'DRIFT SHARE', 'PRED SCORE', 'ACCURACY', 'EST. ACCURACY', ...(r.business ? ['EXP. VALUE', 'REAL. VALUE'] : []), 'ALERTS'],
    r.chunks.map((c) => [
      c.key,
      c.rows,
      fmt(c.values.drift_share, 3),
      fmt(c.values.prediction_score, 3),
      c.realized ? fmt(c.realized.accuracy, 3) : '-',
      fmt(c.estimatedAccuracy, 3),
      ...(r.business ? [value(c.business?.expected), value(c.business?.realized)] : []),
      c.alertGroups
        .map((g) => (g.kind === 'columns' ? `${g.alerts.length} columns` : `${g.title.toLowerCase()}: ${g.alerts.map((a) => a.name).join(' ')}`))
        .join('; '),
    ]),
  );
  const flagged = r.chunks.filter((c) => c.flagged).length;
  w(flagged ? `${flagged} of ${r.chunks.length} chunks outside the reference bands` : 'every chunk within the reference bands');
  const changes = [
    ...(Object.entries(r.trends) as [TimelineSeries, DriftClassification][])
      .filter(([, c]) => c.kind !== 'none')
      .map(([s, c]) => `${SERIES_LABELS[s]}: ${describeDrift(c, seriesUnit(s))}`),
    ...Object.entries(r.columnTrends)
      .filter(([, c]) => c.kind !== 'none')
      .map(([name, c]) => `column ${name}: ${describeDrift(c, 'raw')}`),
  ];
  w(changes.length ? `changes over the chunks:\n${changes.map((l) => `  ${l}`).join('\n')}` : 'no sudden or gradual change in any series');
}

export function registerRetrain(program: Command, globals: () => GlobalOptions): void {
  program
    .command('retrain')
    .description(
      "append new labelled rows to a run's training data (a new dataset version), train again with the same config, and compare both models on the new data",
    )
    .requiredOption('--run <id>', 'the run to retrain')
    .requiredOption('--new-data <name[@version]|file.csv>', 'labelled rows: a dataset version or a CSV file')
    .option('--engine <engine>', `engine for the evaluations: ${ENGINE_CHOICES}`, 'auto')
    .option('--json', 'print JSON')
    .action(async (o: { run: string; newData: string; engine: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const r = await call(core, 'monitoring.retrain', { runId: o.run, newData: dataRef(o.newData), engine: o.engine as EngineChoice });
        if (o.json) {
          printJson(r);
          return;
        }
        const w = (s: string) => process.stdout.write(s + '\n');
        w(r.recommendation.message);
        w(`${r.dataset.name}@${r.dataset.version}: ${r.dataset.rows} rows (${r.dataset.addedRows} added to @${r.dataset.previousVersion})`);
        printTable(
          ['MODEL', 'RUN', 'ACCURACY', 'F1_MACRO', 'ROC_AUC', 'GATES'],
          [
            [
              'current',
              r.previousRunId,
              fmt(r.current.report.overall.accuracy),
              fmt(r.current.report.overall.f1Macro),
              fmt(r.current.report.overall.rocAuc),
              gateLabel(r.current),
            ],
            [
              'retrained',
              r.runId,
              fmt(r.retrained.report.overall.accuracy),
              fmt(r.retrained.report.overall.f1Macro),
              fmt(r.retrained.report.overall.rocAuc),
              gateLabel(r.retrained),
            ],
          ],
        );
        const on = `on the ${r.comparedRows} new rows the retrained model did not train on`;
        w(
          r.better === 'tie'
            ? `both equally accurate ${on}`
            : `${r.better} model is better on accuracy ${on} (${r.accuracyDelta >= 0 ? '+' : ''}${fmt(r.accuracyDelta)})`,
        );
      });
    });
}

/** The gate outcome, and whether the rows were ones the model trained on. */
function gateLabel(r: EvaluationRecord): string {
  const gates = { passed: 'pass', failed: 'FAIL', no_gates: 'no gates' }[r.gateStatus];
  return r.trainingOverlap ? `${gates} (on training data: ${r.trainingOverlap} of ${r.rows} rows)` : gates;
}

export function registerOutcomes(program: Command, globals: () => GlobalOptions): void {
  const outcomes = program.command('outcomes').description("realized outcomes of a model's predictions, for the business value on the monitoring timeline");
  outcomes
    .command('log')
    .description('store outcomes from a CSV with the columns id, outcome and optionally timestamp; an id logged before is replaced')
    .requiredOption('--model <ref>', 'run id, name@alias or name@version')
    .requiredOption('--file <outcomes.csv>', 'id,outcome[,timestamp]')
    .option('--json', 'print JSON')
    .action(async (o: { model: string; file: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const r = await call(core, 'monitoring.logOutcomes', { model: o.model, path: o.file });
        if (o.json) printJson(r);
        else process.stdout.write(`${r.logged} outcomes logged for ${r.model} (${r.replaced} replaced); ${r.total} stored\n`);
      });
    });
}
