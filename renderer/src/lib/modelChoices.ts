import type { ModelInfo } from '../../../shared/api/calls/models';
import type { RunSummary } from '../../../shared/domain';

/** One model a form can pick: a registry alias or version, or a finished run. */
export interface ModelChoice {
  /** What the core resolves: `name@alias`, `name@vN` or a run id. */
  ref: string;
  label: string;
  /** The run behind it, for actions that need a run (retraining); null for an imported version. */
  runId: string | null;
  group: 'Registered models' | 'Finished runs';
}

/** Aliases first (what people deploy), then every version newest first, then finished runs newest first. */
export function modelChoices(models: ModelInfo[], runs: RunSummary[]): ModelChoice[] {
  const out: ModelChoice[] = [];
  for (const m of models) {
    const byVersion = new Map(m.versions.map((v) => [v.version, v]));
    for (const [alias, version] of Object.entries(m.aliases)) {
      out.push({
        ref: `${m.name}@${alias}`,
        label: `${m.name}@${alias} (v${version})`,
        runId: byVersion.get(version)?.runId ?? null,
        group: 'Registered models',
      });
    }
    for (const v of [...m.versions].sort((a, b) => b.version - a.version)) {
      out.push({
        ref: `${m.name}@v${v.version}`,
        label: `${m.name} v${v.version}${v.lineage.dataset ? ` · ${v.lineage.dataset.name}@${v.lineage.dataset.version}` : ''}`,
        runId: v.runId,
        group: 'Registered models',
      });
    }
  }
  for (const r of runs) {
    if (r.status !== 'finished') continue;
    const data = r.datasetName ? ` · ${r.datasetName}@${r.datasetVersion}` : '';
    out.push({ ref: r.id, label: `${r.name || 'run'} · ${r.id.slice(0, 8)}${data}`, runId: r.id, group: 'Finished runs' });
  }
  return out;
}

/** Choices whose label or ref holds every word of the search, in any case. */
export function searchChoices(choices: ModelChoice[], search: string): ModelChoice[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return choices;
  return choices.filter((c) => {
    const text = `${c.label} ${c.ref}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
