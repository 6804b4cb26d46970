import type { StateCreator } from 'zustand';
import type { RunProgress, RunSummary } from '../../../../shared/domain';
import type { RunsState } from './runsStore';

export const isActive = (run: { status: string }): boolean => run.status === 'queued' || run.status === 'running';

/** Push events (and local edits) applied to the runs wherever the table shows them. */
export interface RunEvents {
  patchRun(runId: string, patch: (run: RunSummary) => RunSummary): void;
  applyRun(run: RunSummary): void;
  applyProgress(runId: string, progress: RunProgress): void;
  applyDeleted(ids: string[]): void;
}

export const runEvents: StateCreator<RunsState, [], [], RunEvents> = (set, get) => ({
  patchRun(runId, patch) {
    set((s) => {
      let pages = s.pages;
      for (const [key, rows] of Object.entries(s.pages)) {
        const i = rows.findIndex((r) => r.id === runId);
        const run = rows[i];
        if (!run) continue;
        const copy = rows.slice();
        copy[i] = patch(run);
        pages = { ...pages, [key]: copy };
      }
      return { pages };
    });
    get().patchSelected(runId, patch);
  },

  applyRun(run) {
    const s = get();
    const known = s.loaded().find((r) => r.id === run.id);
    if (!known) {
      // A new run (or one entering the view): where it lands depends on the sort, so ask.
      if (s.total !== null && (s.experimentId === null || s.experimentId === run.experimentId)) s.refreshSoon();
      return;
    }
    s.patchRun(run.id, (r) => ({ ...run, progress: run.progress ?? (isActive(run) ? r.progress : null) }));
    const membershipMayChange = (s.filter !== '' && known.status !== run.status) || (known.archived !== run.archived && !s.includeArchived);
    if (membershipMayChange) s.refreshSoon();
  },

  applyProgress(runId, progress) {
    get().patchRun(runId, (run) => ({ ...run, progress, status: run.status === 'queued' ? 'running' : run.status }));
  },

  applyDeleted(ids) {
    get().dropSelected(ids);
    if (get().total !== null) get().refreshSoon();
  },
});
