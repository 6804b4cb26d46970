import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineTrigger } from '../../../shared/pipelines/run';
import type { Core } from '../core';
import type { PipelineStore } from './pipeline-store';
import type { LoadedSpec } from './spec-file';

/** A file still being written is left for the next look: it must have been still this long. */
const SETTLE_MS = 1000;

/** `*.csv`, `month-??.csv`, `[ab]*.csv`: matched against file names, not paths. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The triggers that have not started a run yet, oldest first: new files in the watched folder
 * (by content, so a file touched again is not new), or a dataset version newer than any run's.
 * Manual and schedule triggers are made when asked (`manualTrigger`, the watcher's clock).
 */
export function pendingTriggers(core: Core, store: PipelineStore, pipelineId: number, loaded: LoadedSpec): PipelineTrigger[] {
  const t = loaded.spec.trigger;
  if (t.kind === 'watch') {
    const folder = path.resolve(loaded.dir, t.folder);
    const match = globRegExp(t.glob);
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      return [];
    }
    const files = names
      .filter((n) => match.test(n))
      .map((n) => ({ file: path.join(folder, n), stat: fs.statSync(path.join(folder, n), { throwIfNoEntry: false }) }))
      .filter((f) => f.stat?.isFile() && Date.now() - f.stat.mtimeMs >= SETTLE_MS)
      .sort((a, b) => a.stat!.mtimeMs - b.stat!.mtimeMs || a.file.localeCompare(b.file));
    return files
      .map((f) => ({ kind: 'watch' as const, key: `file:${path.basename(f.file)}:${sha256(f.file)}`, label: f.file, file: f.file }))
      .filter((trigger) => !store.hasTrigger(pipelineId, trigger.key));
  }
  if (t.kind === 'dataset') {
    const name = t.dataset ?? loaded.spec.dataset;
    const ds = core.datasets.repo.findByName(name);
    if (!ds) return [];
    const trigger = { kind: 'dataset' as const, key: `dataset:${name}@${ds.latest.version}`, label: `${name}@${ds.latest.version}`, datasetVersionId: ds.latest.id };
    return store.hasTrigger(pipelineId, trigger.key) ? [] : [trigger];
  }
  return [];
}

export function manualTrigger(): PipelineTrigger {
  return { kind: 'manual', key: `manual:${crypto.randomUUID()}`, label: `manual, ${new Date().toISOString()}` };
}

/** One tick of a schedule: the same tick seen by two processes starts one run. */
export function scheduleTrigger(at: Date): PipelineTrigger {
  return { kind: 'schedule', key: `schedule:${at.toISOString()}`, label: `scheduled for ${at.toISOString()}` };
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
