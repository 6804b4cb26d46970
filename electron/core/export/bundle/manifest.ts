import crypto from 'node:crypto';
import type { BundleFileEntry, ModelLineage } from '../../../../shared/api/calls/models';

export const BUNDLE_FORMAT = 'cairn-model-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const PREPROCESSING_FILE = 'preprocessing.json';
export const ONNX_FILE = 'model.onnx';

/** manifest.json: what a bundle holds (every other file, with its sha256 and size) and where it came from. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  generator: string;
  source: { runId: string | null; model: { name: string; version: number } | null; label: string };
  /** Output index -> class name. */
  classes: string[];
  onnx: { included: true; file: string; input: string; output: string; opset: number; input_description: string } | { included: false; reason: string };
  lineage: Omit<ModelLineage, 'imported'> & { imported?: ModelLineage['imported'] };
  files: BundleFileEntry[];
}

export function sha256(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function fileEntries(files: Map<string, Uint8Array>): BundleFileEntry[] {
  return [...files].map(([path, data]) => ({ path, sha256: sha256(data), size: data.byteLength })).sort((a, b) => a.path.localeCompare(b.path));
}
