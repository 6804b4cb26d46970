import type { EvaluationReport } from '../../../../shared/api/calls/evaluation';
import type { GateStatus, ModelLineage } from '../../../../shared/api/calls/models';
import type { PreprocessingSpec } from '../../../../shared/ml';
import type { ModelSource } from '../../registry/model-source';
import { toHtml, toMarkdown, type Block } from './doc-blocks';
import type { BundleManifest } from './manifest';

export interface CardFacts {
  source: ModelSource;
  spec: PreprocessingSpec;
  gate: GateStatus | null;
  onnx: BundleManifest['onnx'];
  cairnVersion: string;
  opset: number;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

const GATE_HEADINGS: Record<GateStatus['status'], string> = {
  none: 'No evaluation',
  passed: 'Passed',
  failed: 'Failed',
  no_gates: 'No gates',
  training_data: 'Evaluated on training data',
};

function trainingRowsLine(rows: ModelLineage['trainingRows']): string[] {
  if (!rows) return [];
  const from = rows.source === 'split'
    ? "the version's stored split (its `test` part untouched)"
    : `a seeded, stratified ${rows.validationFraction} validation fraction (seed ${rows.seed})`;
  return [`Rows: fitted on ${rows.trainRows}, validated on ${rows.validationRows}, from ${from}`];
}

/** Which rows the evaluation's metrics came from, and a warning when the model had trained on them. */
function evaluationRows(report: Partial<EvaluationReport> | null): Block[] {
  if (!report?.data) return [];
  const part = report.split && report.split !== 'all' ? `the \`${report.split}\` part of ${report.data.label}` : `all of ${report.data.label}`;
  const out: Block[] = [{ p: `Evaluated on ${part} (${report.data.rows} rows).` }];
  if (report.trainingOverlap) {
    out.push({ p: `_Evaluated on training data:_ ${report.trainingOverlap} of ${report.data.rows} rows were rows the model was trained on, so these metrics overstate how it does on new data.` });
  }
  return out;
}

function blocks(f: CardFacts): Block[] {
  const { lineage } = f.source;
  const engine = lineage.engine;
  const config = lineage.config as { seed?: number; model?: string } | null;
  const input = f.spec.kind === 'tabular'
    ? `a table row with the columns ${f.spec.features.map((x) => `\`${x.name}\``).join(', ')}`
    : `an image, resized to ${f.spec.width}x${f.spec.height} with ${f.spec.channels === 1 ? 'one (grayscale) channel' : 'three (RGB) channels'}`;
  const metrics = Object.entries(lineage.metrics).sort(([a], [b]) => a.localeCompare(b));
  const out: Block[] = [
    { h: 'Intended use' },
    { p: '_Edit this section: what the model is for, who uses it, on which data, and what it must not be used for._' },
    { h: 'Model' },
    { list: [
      `Source: ${f.source.label}${f.source.runId ? ` (run \`${f.source.runId}\`${lineage.runName ? `, "${lineage.runName}"` : ''})` : ''}`,
      `Architecture: ${config?.model ?? 'unknown'} (tfjs layers model in \`model/\`)`,
      `Input: ${input}`,
      `Output: probabilities for ${f.source.classes.length} classes, in this order: ${f.source.classes.map((c) => `\`${c}\``).join(', ')}`,
      ...(lineage.imported ? [`Imported from \`${lineage.imported.file}\`; its manifest gave the source ${JSON.stringify(lineage.imported.manifestSource)}`] : []),
    ] },
    { h: 'Training data' },
    lineage.dataset
      ? { list: [`Dataset: ${lineage.dataset.name}`, `Version: ${lineage.dataset.version}`, `Content hash: \`${lineage.dataset.hash}\``, ...trainingRowsLine(lineage.trainingRows)] }
      : { p: 'Not recorded.' },
    { h: 'Metrics' },
    metrics.length ? { table: { head: ['Metric', 'Value (last epoch)'], rows: metrics.map(([k, v]) => [k, fmt(v)]) } } : { p: 'None recorded.' },
    { h: 'Quality gates and evaluation' },
    { p: f.gate ? `${GATE_HEADINGS[f.gate.status]}: ${f.gate.message}.` : 'Not a registered version; no evaluation is tied to it.' },
    ...evaluationRows(f.gate?.report as Partial<EvaluationReport> | null),
    ...(f.gate?.report ? [{ code: { lang: 'json', text: JSON.stringify(f.gate.report, null, 2) } }] : []),
    { h: 'Limitations' },
    { list: [
      `It only knows the ${f.source.classes.length} classes above; every input gets one of them, however unlike the training data it is.`,
      'Validation metrics come from a held-out split of the same dataset; they say little about data from elsewhere or later.',
      ...(f.spec.kind === 'tabular'
        ? ['Missing numeric values are replaced by the training mean; unseen or missing categories encode as all zeros.']
        : ['Images are stretched to the input size without keeping the aspect ratio; other resizers (PIL, OpenCV) give slightly different pixels than Cairn\'s (libvips).']),
      f.onnx.included ? `\`${f.onnx.file}\` folds the numeric scaling into the graph; see README.md for its exact input.` : `No ONNX file: ${f.onnx.reason}`,
    ] },
    { h: 'How it was trained' },
    { list: [
      `Engine: ${engine ? `${engine.engine} (backend ${engine.backend}, ${engine.device})` : 'not recorded'}`,
      `Seed: ${config?.seed ?? 'not recorded'}`,
      `Libraries: TensorFlow.js ${engine?.tfjsVersion ?? 'unknown'}, Cairn ${f.cairnVersion}${f.onnx.included ? `, ONNX opset ${f.opset}` : ''}`,
    ] },
    { p: 'Full configuration:' },
    { code: { lang: 'json', text: JSON.stringify(lineage.config ?? null, null, 2) } },
  ];
  return out;
}

export function modelCard(f: CardFacts): { markdown: string; html: string } {
  const title = `Model card: ${f.source.label}`;
  const b = blocks(f);
  return { markdown: toMarkdown(title, b), html: toHtml(title, b) };
}
