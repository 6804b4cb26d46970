import path from 'node:path';
import type { ModelLineage, ModelVersionInfo } from '../../../../shared/api/calls/models';
import { isPreprocessingSpec } from '../../../../shared/ml';
import { UserError } from '../../errors';
import { MODEL_TOPOLOGY, MODEL_WEIGHTS } from '../../registry/model-source';
import type { BundleDeps } from './export-bundle';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, MANIFEST_FILE, PREPROCESSING_FILE, sha256, type BundleManifest } from './manifest';
import { loadLayersModelFromBytes } from './tfjs-model';
import { readZip, unsafeEntryName } from './zip';

/**
 * Adds a bundle as a new version of `name`. Everything is checked before anything is written
 * (zip safety, manifest completeness and checksums, preprocessing, a model tfjs can build), and
 * the write itself is one transaction, so a refused bundle leaves the store as it was.
 */
export async function importBundle(d: BundleDeps, file: string, name: string, description: string): Promise<ModelVersionInfo> {
  const shown = path.basename(file);
  const bad = (msg: string) => new UserError(`${shown}: ${msg}`);
  const files = await readZip(file);

  const rawManifest = files.get(MANIFEST_FILE);
  if (!rawManifest) throw bad(`no ${MANIFEST_FILE}; not a Cairn model bundle`);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(rawManifest.toString('utf8')) as BundleManifest;
  } catch (err) {
    throw bad(`${MANIFEST_FILE} is not valid JSON (${(err as Error).message})`);
  }
  if (manifest?.format !== BUNDLE_FORMAT) throw bad(`${MANIFEST_FILE} is not a ${BUNDLE_FORMAT} manifest`);
  if (typeof manifest.formatVersion !== 'number' || manifest.formatVersion > BUNDLE_FORMAT_VERSION) {
    throw bad(`bundle format version ${String(manifest.formatVersion)} is newer than this Cairn reads (${BUNDLE_FORMAT_VERSION}); upgrade Cairn`);
  }
  if (!Array.isArray(manifest.files)) throw bad(`${MANIFEST_FILE} lists no files`);

  const listed = new Set<string>();
  for (const entry of manifest.files) {
    const p = String(entry?.path);
    const why = unsafeEntryName(p);
    if (why) throw bad(`${MANIFEST_FILE} lists an unsafe path "${p}" (it ${why})`);
    if (p === MANIFEST_FILE || listed.has(p)) throw bad(`${MANIFEST_FILE} lists "${p}" more than once or lists itself`);
    listed.add(p);
    const data = files.get(p);
    if (!data) throw bad(`"${p}" is listed in ${MANIFEST_FILE} but missing from the zip`);
    if (data.byteLength !== entry.size || sha256(data) !== entry.sha256) {
      throw bad(`checksum mismatch for "${p}": the manifest says sha256 ${entry.sha256} (${entry.size} bytes), the file has ${sha256(data)} (${data.byteLength} bytes)`);
    }
  }
  const extra = [...files.keys()].filter((p) => p !== MANIFEST_FILE && !listed.has(p));
  if (extra.length) throw bad(`files not listed in ${MANIFEST_FILE}: ${extra.join(', ')}`);
  for (const required of [MODEL_TOPOLOGY, MODEL_WEIGHTS, PREPROCESSING_FILE]) if (!files.has(required)) throw bad(`"${required}" is missing`);

  let spec: unknown;
  try {
    spec = JSON.parse(files.get(PREPROCESSING_FILE)!.toString('utf8'));
  } catch (err) {
    throw bad(`${PREPROCESSING_FILE} is not valid JSON (${(err as Error).message})`);
  }
  if (!isPreprocessingSpec(spec)) throw bad(`${PREPROCESSING_FILE} is not a preprocessing spec`);
  const classes = manifest.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string')) throw bad(`${MANIFEST_FILE} has no list of class names`);

  const model = await loadLayersModelFromBytes(files.get(MODEL_TOPOLOGY)!, files.get(MODEL_WEIGHTS)!, `${shown}: ${MODEL_TOPOLOGY}`);
  try {
    const inShape = JSON.stringify(model.inputs[0].shape.slice(1));
    const expected = JSON.stringify(spec.kind === 'tabular' ? [spec.width] : [spec.height, spec.width, spec.channels]);
    if (inShape !== expected) throw bad(`the model takes ${inShape} but ${PREPROCESSING_FILE} produces ${expected}`);
    const units = model.outputs[0].shape[1];
    if (units !== classes.length) throw bad(`the model outputs ${units} values but the manifest names ${classes.length} classes`);
  } finally {
    model.dispose();
  }

  const l = (manifest.lineage ?? {}) as Partial<ModelLineage>;
  const lineage: ModelLineage = {
    runId: l.runId ?? manifest.source?.runId ?? null,
    runName: l.runName ?? null,
    dataset: l.dataset ?? null,
    config: l.config ?? null,
    metrics: l.metrics ?? {},
    engine: l.engine ?? null,
    imported: { file: path.resolve(file), manifestSource: manifest.source ?? null },
  };
  return d.registry.addImported({ name, description, classes, preprocessing: spec, lineage, files });
}
