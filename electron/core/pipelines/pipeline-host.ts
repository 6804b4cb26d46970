import path from 'node:path';
import type { PipelineSpec } from '../../../shared/pipelines/spec';
import { readSettings } from '../settings-store';
import { PipelineStore } from './pipeline-store';
import type { LoadedSpec } from './spec-file';
import { watchPipeline } from './watcher';
import type { PipelineDeps } from './steps/types';

/** A definition as the store keeps it, read as its spec file was: relative folders from the file's folder. */
export function loadedDefinition(deps: PipelineDeps, d: { name: string; spec: PipelineSpec; sourcePath: string | null }): LoadedSpec {
  const file = d.sourcePath ?? path.join(deps.dataDir, `${d.name}.yaml`);
  return { spec: d.spec, dir: path.dirname(file), file };
}

/**
 * Settings › pipelinesEnabled: while the desktop app or `cairn serve` is open, every known
 * pipeline is watched as `cairn pipeline watch` does. Runs belong to the process that created
 * them (one per trigger, whoever sees it first), so a CLI watcher on the same spec never makes a
 * step run twice. Follows the setting and the definitions as they change, from any process.
 */
export class PipelineHost {
  private readonly watching = new Map<string, { key: string; stop: AbortController; done: Promise<void> }>();
  private readonly off: () => void;
  private readonly store: PipelineStore;
  private closed = false;

  constructor(private readonly deps: PipelineDeps) {
    this.store = new PipelineStore(deps.db);
    this.off = deps.events.on('changed', ({ tables }) => {
      if (tables.includes('settings') || tables.includes('pipelines')) this.apply();
    });
    this.apply();
  }

  private apply(): void {
    if (this.closed) return;
    const wanted = readSettings(this.deps.db).pipelinesEnabled ? this.store.definitions() : [];
    const keep = new Set<string>();
    for (const d of wanted) {
      // The definition's spec and file, not its updatedAt: each run records the definition again.
      const key = JSON.stringify([d.spec, d.sourcePath]);
      keep.add(d.name);
      const current = this.watching.get(d.name);
      if (current?.key === key) continue;
      current?.stop.abort();
      this.start(d.name, key, loadedDefinition(this.deps, d));
    }
    for (const [name, w] of this.watching) {
      if (keep.has(name)) continue;
      w.stop.abort();
      this.watching.delete(name);
    }
  }

  private start(name: string, key: string, loaded: LoadedSpec): void {
    const stop = new AbortController();
    const done = watchPipeline(this.deps, loaded, {
      signal: stop.signal,
      onLog: () => {},
      onRun: (run) => console.log(`cairn: pipeline ${name} run #${run.id} (${run.trigger.label}): ${run.status}${run.reason ? `: ${run.reason}` : ''}`),
    }).catch((err: unknown) => console.error(`cairn: watching pipeline ${name} stopped: ${err instanceof Error ? err.message : String(err)}`));
    this.watching.set(name, { key, stop, done });
  }

  /** Stops watching; resolves when the runs under way have ended. */
  async close(): Promise<void> {
    this.closed = true;
    this.off();
    const all = [...this.watching.values()];
    this.watching.clear();
    for (const w of all) w.stop.abort();
    await Promise.all(all.map((w) => w.done));
  }
}
