import fs from 'node:fs';
import path from 'node:path';
import { scratchName } from '../../datasets/scratch-sweep';
import { exportBundle, type BundleDeps } from './export-bundle';

export interface BundleFile {
  /** A scratch file named for its process, so a start-up after a crash sweeps it. */
  file: string;
  /** What the browser should save it as: the source's label, made a safe file name. */
  fileName: string;
  remove(): void;
}

/** A bundle written to the scratch folder for a transport to stream, then remove. */
export async function bundleForDownload(d: BundleDeps, ref: string): Promise<BundleFile> {
  const source = d.registry.resolve(ref);
  const file = path.join(d.scratchDir, scratchName('download', '.zip'));
  await exportBundle(d, ref, file);
  const base = source.model ? `${source.model.name}-v${source.model.version}` : `run-${(source.runId ?? 'model').slice(0, 8)}`;
  return { file, fileName: `${base.replace(/[^A-Za-z0-9_.-]+/g, '_')}.zip`, remove: () => fs.rmSync(file, { force: true }) };
}
