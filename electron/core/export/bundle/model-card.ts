import type { GateStatus } from '../../../../shared/api/calls/models';
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
      ? { list: [`Dataset: ${lineage.dataset.name}`, `Version: ${lineage.dataset.version}`, `Content hash: \`${lineage.dataset.hash}\``] }
      : { p: 'Not recorded.' },
    { h: 'Metrics' },
    metrics.length ? { table: { head: ['Metric', 'Value (last epoch)'], rows: metrics.map(([k, v]) => [k, fmt(v)]) } } : { p: 'None recorded.' },
    { h: 'Quality gates and evaluation' },
    { p: f.gate ? `${f.gate.status === 'none' ? 'No evaluation' : f.gate.status === 'passed' ? 'Passed' : 'Failed'}: ${f.gate.message}.` : 'Not a registered version; no evaluation is tied to it.' },
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
