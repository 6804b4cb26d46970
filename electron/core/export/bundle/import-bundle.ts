import path from 'node:path';
import type { BundleFileEntry, ModelLineage, ModelVersionInfo } from '../../../../shared/api/calls/models';
import { isPreprocessingSpec } from '../../../../shared/ml';
import { UserError } from '../../errors';
import { MODEL_TOPOLOGY, MODEL_WEIGHTS } from '../../registry/model-source';
import type { BundleDeps } from './export-bundle';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, MANIFEST_FILE, PREPROCESSING_FILE, sha256, type BundleManifest } from './manifest';
import { loadLayersModelFromBytes } from './tfjs-model';
import { unsafeEntryName, ZipReader } from './zip';

// Manifests list about ten files with their lineage: kilobytes.
const MAX_MANIFEST_BYTES = 8 * 1024 ** 2;

/**
 * Adds a bundle as a new version of `name`. Everything is checked before anything is written
 * (zip safety, manifest completeness and checksums, preprocessing, a model tfjs can build), and
 * the write itself is one transaction, so a refused bundle leaves the store as it was. The
 * zip's directory and the manifest are checked against each other before any file but the
 * manifest is inflated.
 */
export async function importBundle(d: BundleDeps, file: string, name: string, description: string): Promise<ModelVersionInfo> {
  const shown = path.basename(file);
  const bad = (msg: string) => new UserError(`${shown}: ${msg}`);
  const zip = await ZipReader.open(file);
  let manifest: BundleManifest;
  const files = new Map<string, Buffer>();
  try {
    const read = await readManifest(zip, bad);
    manifest = read.manifest;
    // Stored with the version as before: the bundle's own record of its source.
    files.set(MANIFEST_FILE, read.raw);
    const listed = new Map<string, BundleFileEntry>();
    for (const entry of manifest.files) {
      const p = String(entry?.path);
      const why = unsafeEntryName(p);
      if (why) throw bad(`${MANIFEST_FILE} lists an unsafe path "${p}" (it ${why})`);
      if (p === MANIFEST_FILE || listed.has(p)) throw bad(`${MANIFEST_FILE} lists "${p}" more than once or lists itself`);
      listed.set(p, entry);
      if (!zip.has(p)) throw bad(`"${p}" is listed in ${MANIFEST_FILE} but missing from the zip`);
      // Sizes are compared before anything is inflated, checksums as each file is.
      if (zip.declaredSize(p) !== entry.size)
        throw bad(`checksum mismatch for "${p}": the manifest says ${String(entry.size)} bytes, the zip's directory ${zip.declaredSize(p)}`);
    }
    const extra = zip.names().filter((p) => p !== MANIFEST_FILE && !listed.has(p));
    if (extra.length) throw bad(`files not listed in ${MANIFEST_FILE}: ${extra.join(', ')}`);
    for (const required of [MODEL_TOPOLOGY, MODEL_WEIGHTS, PREPROCESSING_FILE]) if (!listed.has(required)) throw bad(`"${required}" is missing`);
    for (const [p, entry] of listed) {
      const data = await zip.read(p);
      if (data.byteLength !== entry.size || sha256(data) !== entry.sha256) {
        throw bad(
          `checksum mismatch for "${p}": the manifest says sha256 ${entry.sha256} (${entry.size} bytes), the file has ${sha256(data)} (${data.byteLength} bytes)`,
        );
      }
      files.set(p, data);
    }
  } finally {
    zip.close();
  }

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

/** manifest.json, inflated first and alone (within a size a manifest never needs), and its format checked. */
async function readManifest(zip: ZipReader, bad: (msg: string) => UserError): Promise<{ manifest: BundleManifest; raw: Buffer }> {
  if (!zip.has(MANIFEST_FILE)) throw bad(`no ${MANIFEST_FILE}; not a Cairn model bundle`);
  if (zip.declaredSize(MANIFEST_FILE) > MAX_MANIFEST_BYTES)
    throw bad(`${MANIFEST_FILE} is larger than ${MAX_MANIFEST_BYTES / 1024 ** 2} MiB; not a Cairn model bundle`);
  const raw = await zip.read(MANIFEST_FILE);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(raw.toString('utf8')) as BundleManifest;
  } catch (err) {
    throw bad(`${MANIFEST_FILE} is not valid JSON (${(err as Error).message})`);
  }
  if (manifest?.format !== BUNDLE_FORMAT) throw bad(`${MANIFEST_FILE} is not a ${BUNDLE_FORMAT} manifest`);
  if (typeof manifest.formatVersion !== 'number' || manifest.formatVersion > BUNDLE_FORMAT_VERSION) {
    throw bad(`bundle format version ${String(manifest.formatVersion)} is newer than this Cairn reads (${BUNDLE_FORMAT_VERSION}); upgrade Cairn`);
  }
  if (!Array.isArray(manifest.files)) throw bad(`${MANIFEST_FILE} lists no files`);
  return { manifest, raw };
}
