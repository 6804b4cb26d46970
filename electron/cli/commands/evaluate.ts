import fs from 'node:fs';
import type { Command } from 'commander';
import type { EvaluationRecord } from '../../../shared/api/calls/evaluation';
import { EVAL_SPLITS, type EvalSplit } from '../../../shared/domain';
import type { EngineChoice } from '../../../shared/domain';
import { UserError } from '../../core/errors';
import { call, withCore, type GlobalOptions } from '../context';
import { ENGINE_CHOICES, fmt, parseNumber, printJson, printTable, versionRef } from '../output';

/** Exit code when the evaluation fails a quality gate (CI reads it). */
export const GATE_FAILED_EXIT = 5;

interface EvaluateFlags {
  run: string;
  dataset?: string;
  input?: string;
  split?: string;
  gates?: string;
  sensitive: string[];
  positive?: string;
  value?: string;
  driftReference?: string;
  constraint: string;
  tolerance: number;
  minSlice: number;
  bins: number;
  engine: string;
  json?: boolean;
}

export function registerEvaluate(program: Command, globals: () => GlobalOptions): void {
  program
    .command('evaluate')
    .description('evaluate a model on labelled data: metrics, slices, fairness, business value, drift; checks the quality gates')
    .requiredOption('--run <ref>', 'run id, name@alias or name@version')
    .option('--dataset <name[@version]>', 'a dataset version with labels')
    .option('--input <file.csv>', 'or a CSV file holding the label column')
    .option('--split <part>', `part of the version's stored split: ${EVAL_SPLITS.join(', ')} (default: test when it has one, else all)`)
    .option('--gates <gates.json>', "a JSON array of gate expressions, instead of the project's")
    .option('--sensitive <column>', 'a sensitive column for fairness (repeat for more)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--positive <label>', 'the positive class (binary default: the second class in sorted order)')
    .option('--value <tp=..,fp=..,tn=..,fn=..>', 'value of each outcome, for the expected value per 1,000 predictions')
    .option('--drift-reference <name[@version]>', "reference for drift (default: the run's training dataset version)")
    .option('--constraint <name>', 'mitigation: demographic_parity, true_positive_rate_parity or equalized_odds', 'demographic_parity')
    .option('--tolerance <x>', 'mitigation: allowed spread of the constrained rate', parseNumber('--tolerance', false), 0.05)
    .option('--min-slice <n>', 'smallest slice ranked among the worst', parseNumber('--min-slice', true), 30)
    .option('--bins <n>', 'quantile bins for numeric columns', parseNumber('--bins', true), 4)
    .option('--engine <engine>', ENGINE_CHOICES, 'auto')
    .option('--json', 'print the report as JSON')
    .action(async (o: EvaluateFlags) => {
      if ((o.dataset === undefined) === (o.input === undefined)) throw new UserError('give either --dataset <name[@version]> or --input <file.csv>');
      if (o.split !== undefined && !(EVAL_SPLITS as readonly string[]).includes(o.split))
        throw new UserError(`--split ${o.split}: expected one of ${EVAL_SPLITS.join(', ')}`);
      const gates = o.gates === undefined ? undefined : readGates(o.gates);
      const values = o.value === undefined ? undefined : parseValues(o.value);
      await withCore(globals(), async (core) => {
        const record = await call(core, 'evaluations.run', {
          model: o.run,
          data: o.input !== undefined ? { path: o.input } : versionRef(o.dataset!),
          ...(o.split !== undefined && { split: o.split as EvalSplit }),
          ...(gates && { gates }),
          sensitive: o.sensitive,
          ...(o.positive !== undefined && { positive: o.positive }),
          ...(values && { values }),
          ...(o.driftReference !== undefined && { driftReference: versionRef(o.driftReference) }),
          mitigation: { constraint: o.constraint as 'demographic_parity', tolerance: o.tolerance },
          slices: { minCount: o.minSlice, bins: o.bins },
          engine: o.engine as EngineChoice,
        });
        for (const w of record.report.warnings) process.stderr.write(`warning: ${w}\n`);
        if (record.trainingOverlap) {
          process.stderr.write(
            `warning: evaluated on training data: ${record.trainingOverlap} of ${record.rows} rows are rows ${record.report.model.label} was trained on, so these metrics overstate how it does on new data\n`,
          );
        }
        if (o.json) printJson(record);
        else printSummary(record);
        if (record.gateStatus === 'failed') process.exitCode = GATE_FAILED_EXIT;
      });
    });
}

function readGates(file: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`--gates ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((g) => typeof g === 'string'))
    throw new UserError(`--gates ${file}: expected a JSON array of strings such as ["accuracy >= 0.9"]`);
  return parsed;
}

/** "tp=100,fp=-20,tn=0,fn=-50"; an outcome left out is worth 0. */
export function parseValues(raw: string): { tp: number; fp: number; tn: number; fn: number } {
  const out = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(tp|fp|tn|fn)\s*=\s*(\S+)$/i.exec(part);
    const n = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(n)) throw new UserError(`--value: "${part}" should be tp=<number>, fp=…, tn=… or fn=…`);
    out[m[1].toLowerCase() as keyof typeof out] = n;
  }
  return out;
}

function printSummary(r: EvaluationRecord): void {
  const rep = r.report;
  const o = rep.overall;
  const w = (s: string) => process.stdout.write(s + '\n');
  w(`Evaluation #${r.id}: ${rep.model.label} on ${rep.data.label}${rep.split === 'all' ? '' : ` ${rep.split} split`} (${rep.data.rows} rows)`);
  if (rep.trainingOverlap) w(`EVALUATED ON TRAINING DATA: ${rep.trainingOverlap} of ${rep.data.rows} rows were trained on`);
  w(`accuracy ${fmt(o.accuracy)}  f1_macro ${fmt(o.f1Macro)}  roc_auc ${fmt(o.rocAuc ?? NaN)}  log_loss ${fmt(o.logLoss)}  ece ${fmt(o.ece)}`);
  printTable(
    ['CLASS', 'PRECISION', 'RECALL', 'F1', 'SUPPORT'],
    rep.perClass.map((c) => [c.label, fmt(c.precision), fmt(c.recall), fmt(c.f1), c.support]),
  );
  for (const f of rep.fairness) {
    w(
      `fairness by ${f.column} (positive: ${f.positiveClass}): DP difference ${fmt(f.demographicParityDifference.between_groups)}, DP ratio ${fmt(f.demographicParityRatio.between_groups)}, EO difference ${fmt(f.equalizedOddsDifference.between_groups)}; four-fifths ${f.fourFifths.passes ? 'passes' : 'fails'}`,
    );
    const m = f.mitigation;
    w(
      `  per-group thresholds (${m.constraint}, tolerance ${m.tolerance}): accuracy ${fmt(m.before.accuracy)} -> ${fmt(m.after.accuracy)}, disparity ${fmt(m.before.disparity)} -> ${fmt(m.after.disparity)}`,
    );
  }
  if (rep.business) {
    const b = rep.business;
    w(
      `expected value per 1,000: ${fmt(b.atDefault.expectedValuePer1000, 1)} at the default threshold; ${fmt(b.best.expectedValuePer1000, 1)} at ${fmt(b.best.threshold)}`,
    );
  }
  if (rep.drift)
    w(
      `drift vs ${rep.drift.reference}: ${rep.drift.numberOfDriftedColumns} of ${rep.drift.numberOfColumns} columns (${fmt(rep.drift.shareOfDriftedColumns, 2)})`,
    );
  if (rep.slices.worst.length) {
    w('worst slices:');
    printTable(
      ['COLUMN', 'VALUE', 'COUNT', 'ACCURACY'],
      rep.slices.worst.slice(0, 5).map((s) => [s.column, s.value, s.count, fmt(s.accuracy)]),
    );
  }
  if (rep.gates.length)
    printTable(
      ['GATE', 'VALUE', 'RESULT'],
      rep.gates.map((g) => [g.expression, g.value === null ? '-' : fmt(g.value), g.passed ? 'pass' : `FAIL${g.reason ? `: ${g.reason}` : ''}`]),
    );
  w({ passed: 'passed', failed: 'FAILED the quality gates', no_gates: 'no gates: no quality gates set, so nothing was checked' }[r.gateStatus]);
}
