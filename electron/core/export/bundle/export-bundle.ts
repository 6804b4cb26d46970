import path from 'node:path';
import type { ExportResult } from '../../../../shared/api/calls/models';
import { UserError } from '../../errors';
import type { BlobStore } from '../../files/blob-store';
import { appVersion } from '../../paths';
import { MODEL_TOPOLOGY, MODEL_WEIGHTS } from '../../registry/model-source';
import type { ModelRegistry } from '../../registry/registry';
import { ONNX_INPUT_NAME, ONNX_OUTPUT_NAME, OPSET, exportOnnx } from '../onnx';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, MANIFEST_FILE, ONNX_FILE, PREPROCESSING_FILE, fileEntries, type BundleManifest } from './manifest';
import { EVALUATION_FILE, modelCard } from './model-card';
import { bundleReadme } from './readme';
import { loadLayersModelFromBytes } from './tfjs-model';
import { writeZip } from './zip';

export interface BundleDeps {
  registry: ModelRegistry;
  blobs: BlobStore;
  /** The data folder's scratch area, where an export records its temp file. */
  scratchDir: string;
}

/** Writes a handoff zip for a run or a registry version; see manifest.ts for what it holds. */
export async function exportBundle(d: BundleDeps, ref: string, out: string): Promise<ExportResult> {
  const source = d.registry.resolve(ref);
  const spec = source.preprocessing;
  if (!spec) throw new UserError(`${source.label} has no preprocessing recorded; a bundle without it could not be used on raw data`, 'conflict');
  const topology = d.blobs.read(source.files[MODEL_TOPOLOGY]);
  const weights = d.blobs.read(source.files[MODEL_WEIGHTS]);

  const model = await loadLayersModelFromBytes(topology, weights);
  let onnxBytes: Uint8Array | null = null;
  let onnx: BundleManifest['onnx'];
  try {
    onnxBytes = exportOnnx(model, {
      preprocessing: spec,
      graphName: source.label.replace(/[^A-Za-z0-9_.-]+/g, '_'),
      producerVersion: appVersion(),
      metadata: { 'cairn.classes': JSON.stringify(source.classes) },
    });
    onnx = {
      included: true,
      file: ONNX_FILE,
      input: ONNX_INPUT_NAME,
      output: ONNX_OUTPUT_NAME,
      opset: OPSET,
      input_description:
        spec.kind === 'tabular'
          ? `float32 [batch, ${spec.width}]: the features of preprocessing.json in order, numeric ones raw, categorical ones one-hot`
          : `float32 [batch, ${spec.height}, ${spec.width}, ${spec.channels}] (NHWC): raw pixel values 0-255`,
    };
  } catch (err) {
    // The rest of the bundle is still useful; the manifest says why ONNX is missing.
    onnx = { included: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    model.dispose();
  }

  const { imported: _imported, ...lineage } = source.lineage;
  const gate = d.registry.gateStatus(source);
  const detail = source.model ? d.registry.get(source.model.name) : null;
  const card = modelCard({
    source,
    spec,
    gate,
    onnx,
    cairnVersion: appVersion(),
    opset: OPSET,
    description: detail?.versions.find((v) => v.version === source.model?.version)?.description ?? '',
    datasetRows: source.lineage.dataset?.rows ?? null,
    aliasMoves: (detail?.aliasHistory ?? []).filter((m) => m.version === source.model?.version).sort((a, b) => a.movedAt - b.movedAt),
  });
  const files = new Map<string, Uint8Array>([
    [MODEL_TOPOLOGY, topology],
    [MODEL_WEIGHTS, weights],
    ...(onnxBytes ? [[ONNX_FILE, onnxBytes] as [string, Uint8Array]] : []),
    [PREPROCESSING_FILE, Buffer.from(JSON.stringify(spec, null, 2) + '\n')],
    ['model-card.md', Buffer.from(card.markdown)],
    ['model-card.html', Buffer.from(card.html)],
    ['README.md', Buffer.from(bundleReadme(source.label, spec, { classes: source.classes, onnx }))],
    // The latest evaluation in full (metrics, gates, fairness, drift), for whoever trusts the model next.
    ...(gate?.report
      ? [
          [
            EVALUATION_FILE,
            Buffer.from(
              JSON.stringify({ evaluationId: gate.evaluationId, evaluatedAt: gate.evaluatedAt, status: gate.status, report: gate.report }, null, 2) + '\n',
            ),
          ] as [string, Uint8Array],
        ]
      : []),
  ]);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    generator: `Cairn ${appVersion()}`,
    source: { runId: source.runId, model: source.model ? { name: source.model.name, version: source.model.version } : null, label: source.label },
    classes: source.classes,
    onnx,
    lineage: source.lineage.imported ? source.lineage : lineage,
    files: fileEntries(files),
  };
  const entries: [string, Uint8Array][] = [[MANIFEST_FILE, Buffer.from(JSON.stringify(manifest, null, 2) + '\n')], ...files];
  await writeZip(out, entries, d.scratchDir);
  return { path: path.resolve(out), files: manifest.files, onnx: { included: onnx.included, reason: onnx.included ? null : onnx.reason } };
}
