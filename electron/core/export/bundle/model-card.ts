import type { EvaluationReport } from '../../../../shared/api/calls/evaluation';
import type { AliasMove, GateStatus, ModelLineage } from '../../../../shared/api/calls/models';
import type { PreprocessingSpec } from '../../../../shared/ml';
import type { ModelSource } from '../../registry/model-source';
import { toHtml, toMarkdown, type Block } from './doc-blocks';
import type { BundleManifest } from './manifest';

// The card a reviewer reads in two minutes: what the model is for, the data it saw, its numbers
// with the rows they came from, fairness, caveats and the chain from data to alias. The raw
// evaluation goes beside it as evaluation.json, and the full config in manifest.json.

export interface CardFacts {
  source: ModelSource;
  spec: PreprocessingSpec;
  gate: GateStatus | null;
  onnx: BundleManifest['onnx'];
  cairnVersion: string;
  opset: number;
  /** The registry version's description; empty for a run. */
  description: string;
  /** Rows of the training dataset version; null when it is not in this store. */
  datasetRows: number | null;
  /** Alias moves that pointed at this version, oldest first. */
  aliasMoves: AliasMove[];
}

/** The file the evaluation behind the card is written to, whole. */
export const EVALUATION_FILE = 'evaluation.json';

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/** Dates in a document read anywhere: minutes, with the zone named. */
function when(ms: number | null): string {
  return ms === null ? 'unknown' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const GATE_HEADINGS: Record<GateStatus['status'], string> = {
  none: 'No evaluation',
  passed: 'Passed',
  failed: 'Failed',
  no_gates: 'No gates',
  training_data: 'Evaluated on training data',
};

function datasetRef(lineage: ModelLineage): string {
  return lineage.dataset ? `${lineage.dataset.name}@${lineage.dataset.version}` : 'unknown data';
}

function evaluatedRows(report: Partial<EvaluationReport>): string {
  if (!report.data) return 'unknown rows';
  const part = report.split && report.split !== 'all' ? `\`${report.split}\` part of ${report.data.label}` : `all of ${report.data.label}`;
  return `${part}, ${report.data.rows} rows`;
}

function dataBlocks(f: CardFacts, report: Partial<EvaluationReport> | null): Block[] {
  const { lineage } = f.source;
  const rows: string[][] = [];
  if (lineage.dataset) {
    rows.push(['Training data', datasetRef(lineage), f.datasetRows === null ? 'n/a' : String(f.datasetRows), `\`${lineage.dataset.hash.slice(0, 12)}\``]);
    const tr = lineage.trainingRows;
    if (tr) {
      const from = tr.source === 'split' ? "the version's stored split" : `a seeded, stratified ${tr.validationFraction} fraction (seed ${tr.seed})`;
      rows.push(['Fitted on', `its training rows, from ${from}`, String(tr.trainRows), '']);
      rows.push(['Validated on', 'its validation rows', String(tr.validationRows), '']);
    }
  }
  if (report?.data)
    rows.push([
      'Evaluated on',
      report.split && report.split !== 'all' ? `\`${report.split}\` part of ${report.data.label}` : `all of ${report.data.label}`,
      String(report.data.rows),
      '',
    ]);
  if (!rows.length) return [{ p: 'Not recorded.' }];
  return [{ table: { head: ['Role', 'Data', 'Rows', 'Hash'], rows } }];
}

const EVAL_METRICS: [keyof EvaluationReport['overall'], string][] = [
  ['accuracy', 'accuracy'],
  ['balancedAccuracy', 'balanced accuracy'],
  ['f1Macro', 'F1 (macro)'],
  ['rocAuc', 'ROC AUC'],
  ['logLoss', 'log loss'],
  ['ece', 'calibration error (ECE)'],
];

/** Evaluation metrics first (held-out rows), then the training run's last epoch, each with the rows behind it. */
function metricBlocks(f: CardFacts, report: Partial<EvaluationReport> | null): Block[] {
  const rows: string[][] = [];
  if (report?.overall) {
    const on = evaluatedRows(report);
    for (const [key, label] of EVAL_METRICS) rows.push([label, fmt(report.overall[key]), `evaluation: ${on}`]);
  }
  const tr = f.source.lineage.trainingRows;
  for (const [key, value] of Object.entries(f.source.lineage.metrics).sort(([a], [b]) => a.localeCompare(b))) {
    const validation = key.startsWith('val_');
    const count = tr ? ` (${validation ? tr.validationRows : tr.trainRows} rows)` : '';
    rows.push([key, fmt(value), `training run, last epoch: ${validation ? 'validation' : 'training'} rows${count}`]);
  }
  return rows.length ? [{ table: { head: ['Metric', 'Value', 'Measured on'], rows } }] : [{ p: 'None recorded.' }];
}

function gateBlocks(f: CardFacts, report: Partial<EvaluationReport> | null): Block[] {
  if (!f.gate) return [{ p: 'A run, not a registered version: no evaluation is tied to it.' }];
  const out: Block[] = [{ p: `${GATE_HEADINGS[f.gate.status]}: ${f.gate.message}.` }];
  if (report?.gates?.length) {
    out.push({
      table: {
        head: ['Gate', 'Value', 'Result'],
        rows: report.gates.map((g) => [`\`${g.expression}\``, fmt(g.value), g.passed ? 'passed' : `failed${g.reason ? ` (${g.reason})` : ''}`]),
      },
    });
  }
  return out;
}

function fairnessBlocks(report: Partial<EvaluationReport> | null): Block[] {
  if (!report?.fairness?.length) return [{ p: 'No sensitive columns were evaluated; group fairness is unknown.' }];
  return [
    {
      table: {
        head: ['Column', 'Groups', 'Demographic parity difference', 'Equalized odds difference', 'Four-fifths rule'],
        rows: report.fairness.map((c) => [
          `\`${c.column}\``,
          String(c.groups.length),
          fmt(c.demographicParityDifference.between_groups),
          fmt(c.equalizedOddsDifference.between_groups),
          c.fourFifths.passes
            ? `passes (${fmt(c.fourFifths.ratio)})`
            : `fails (${fmt(c.fourFifths.ratio)}; adversely impacted: ${c.fourFifths.adverselyImpacted.join(', ') || 'none'})`,
        ]),
      },
    },
    { p: `Positive class: \`${report.fairness[0].positiveClass}\`. Per-group rates and threshold mitigation are in ${EVALUATION_FILE}.` },
  ];
}

function limitations(f: CardFacts, report: Partial<EvaluationReport> | null): string[] {
  const out = [
    `It only knows the ${f.source.classes.length} classes above; every input gets one of them, however unlike the training data it is.`,
    'Its metrics come from the same dataset it was trained on; they say little about data from elsewhere or later (watch drift).',
  ];
  if (!report) out.push("No evaluation yet: the only numbers are the training run's own.");
  if (report?.trainingOverlap)
    out.push(
      `_Evaluated on training data:_ ${report.trainingOverlap} of ${report.data?.rows ?? '?'} evaluated rows were rows the model was trained on, so these metrics overstate how it does on new data.`,
    );
  for (const w of report?.warnings ?? []) out.push(w);
  if (report?.drift?.datasetDrift)
    out.push(`The evaluated data drifted from the training data: ${report.drift.numberOfDriftedColumns} of ${report.drift.numberOfColumns} columns.`);
  out.push(
    f.spec.kind === 'tabular'
      ? 'Missing numeric values are replaced by the training mean; unseen or missing categories encode as all zeros.'
      : "Images are stretched to the input size without keeping the aspect ratio; other resizers (PIL, OpenCV) give slightly different pixels than Cairn's (libvips).",
  );
  out.push(
    f.onnx.included ? `\`${f.onnx.file}\` folds the numeric scaling into the graph; see README.md for its exact input.` : `No ONNX file: ${f.onnx.reason}`,
  );
  return out;
}

/** Dataset version -> run -> evaluation -> each alias move onto this version, with its reason. */
function lineageList(f: CardFacts): string[] {
  const { lineage } = f.source;
  const out: string[] = [];
  out.push(lineage.dataset ? `Dataset ${datasetRef(lineage)} (content hash \`${lineage.dataset.hash}\`)` : 'Dataset: not recorded');
  if (lineage.imported) out.push(`Imported from \`${lineage.imported.file}\``);
  else out.push(f.source.runId ? `Run ${lineage.runName ? `"${lineage.runName}" ` : ''}\`${f.source.runId}\`` : 'Run: not recorded');
  if (f.gate?.evaluationId != null) out.push(`Evaluation #${f.gate.evaluationId} (${when(f.gate.evaluatedAt)}): ${GATE_HEADINGS[f.gate.status].toLowerCase()}`);
  if (f.source.model) out.push(`Registered as ${f.source.label}`);
  for (const m of f.aliasMoves) {
    const why = m.reason ? `: "${m.reason}"` : '';
    out.push(
      `Alias \`${m.alias}\` moved here ${when(m.movedAt)}${m.previousVersion !== null ? ` from v${m.previousVersion}` : ''}${m.override ? ' as an override of the quality gates' : ''}${why}`,
    );
  }
  return out;
}

function trainingList(f: CardFacts): string[] {
  const { engine, config } = f.source.lineage;
  const c = (config ?? {}) as Record<string, unknown>;
  const settings = ['epochs', 'batchSize', 'learningRate', 'optimizer', 'validationSplit', 'seed']
    .filter((k) => c[k] !== undefined)
    .map((k) => `${k} ${String(c[k])}`);
  return [
    `Architecture: ${typeof c.model === 'string' ? c.model : 'unknown'} (tfjs layers model in \`model/\`)`,
    `Settings: ${settings.join(', ') || 'not recorded'} (the full configuration is in manifest.json)`,
    `Engine: ${engine ? `${engine.engine} (backend ${engine.backend}, ${engine.device})` : 'not recorded'}`,
    `Libraries: TensorFlow.js ${engine?.tfjsVersion ?? 'unknown'}, Cairn ${f.cairnVersion}${f.onnx.included ? `, ONNX opset ${f.opset}` : ''}`,
  ];
}

function blocks(f: CardFacts): Block[] {
  const report = (f.gate?.report ?? null) as Partial<EvaluationReport> | null;
  const input =
    f.spec.kind === 'tabular'
      ? `a table row with the columns ${f.spec.features.map((x) => `\`${x.name}\``).join(', ')}`
      : `an image, resized to ${f.spec.width}x${f.spec.height} with ${f.spec.channels === 1 ? 'one (grayscale) channel' : 'three (RGB) channels'}`;
  const aliases = [...new Set(f.aliasMoves.map((m) => m.alias))];
  return [
    {
      p: `${f.source.label}: a classifier of ${f.source.classes.length} classes (${f.source.classes.map((c) => `\`${c}\``).join(', ')}) trained on ${datasetRef(f.source.lineage)}${aliases.length ? `; aliases moved here: ${aliases.join(', ')}` : ''}.`,
    },
    { h: 'Intended use' },
    ...(f.description ? [{ p: f.description }] : []),
    { p: '_Edit this section: what the model is for, who uses it, on which data, and what it must not be used for._' },
    { list: [`Input: ${input}`, `Output: a probability per class, in the order above`] },
    { h: 'Data' },
    ...dataBlocks(f, report),
    { h: 'Metrics' },
    ...metricBlocks(f, report),
    { h: 'Quality gates' },
    ...gateBlocks(f, report),
    { h: 'Fairness' },
    ...fairnessBlocks(report),
    { h: 'Limitations and caveats' },
    { list: limitations(f, report) },
    { h: 'Lineage' },
    { list: lineageList(f) },
    { h: 'How it was trained' },
    { list: trainingList(f) },
    ...(report ? [{ p: `The whole evaluation (per class, slices, calibration, confusion matrix) is in ${EVALUATION_FILE}.` }] : []),
  ];
}

export function modelCard(f: CardFacts): { markdown: string; html: string } {
  const title = `Model card: ${f.source.label}`;
  const b = blocks(f);
  return { markdown: toMarkdown(title, b), html: toHtml(title, b) };
}
