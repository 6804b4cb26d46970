import type { StateCreator } from 'zustand';
import type { CallInput } from '../../../../shared/api/contract';
import type { RunSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import type { RunsState } from './runsStore';

export interface RunActions {
  busy: 'archive' | 'delete' | 'tag' | 'export' | null;
  actionError: string | null;

  setStarred(run: RunSummary, starred: boolean): Promise<void>;
  archiveSelected(archived: boolean): Promise<void>;
  deleteSelected(): Promise<boolean>;
  tagSelected(key: string, value: string): Promise<void>;
  dismissActionError(): void;
}

/** runs.update has no bulk form; a few at a time keeps the core responsive. */
async function updateEach(ids: string[], patchFor: (id: string) => Omit<CallInput<'runs.update'>, 'id'>): Promise<void> {
  for (let i = 0; i < ids.length; i += 16) {
    await Promise.all(ids.slice(i, i + 16).map((id) => api.call('runs.update', { id, ...patchFor(id) })));
  }
}

export const runActions: StateCreator<RunsState, [], [], RunActions> = (set, get) => ({
  busy: null,
  actionError: null,

  async setStarred(run, starred) {
    get().patchRun(run.id, (r) => ({ ...r, starred }));
    try {
      await api.call('runs.update', { id: run.id, starred });
      // A filter or sort on `starred` would now place the run elsewhere.
      if (/\bstarred\b/.test(get().filter) || get().sort.field === 'starred') get().refresh();
    } catch (err) {
      get().patchRun(run.id, (r) => ({ ...r, starred: !starred }));
      set({ actionError: errorMessage(err) });
    }
  },

  async archiveSelected(archived) {
    const ids = get().selected;
    if (ids.length === 0) return;
    set({ busy: 'archive', actionError: null });
    try {
      await updateEach(ids, () => ({ archived }));
      // Archived runs leave the default view, so keeping them selected would act on hidden rows.
      if (archived && !get().includeArchived) get().clearSelection();
      else ids.forEach((id) => get().patchRun(id, (r) => ({ ...r, archived })));
    } catch (err) {
      set({ actionError: errorMessage(err) });
    } finally {
      set({ busy: null });
      get().refresh();
    }
  },

  async deleteSelected() {
    const ids = get().selected;
    if (ids.length === 0) return false;
    set({ busy: 'delete', actionError: null });
    try {
      await api.call('runs.delete', { ids });
      get().clearSelection();
      get().refresh();
      return true;
    } catch (err) {
      // e.g. conflict: a running run can't be deleted; nothing was deleted.
      set({ actionError: errorMessage(err) });
      return false;
    } finally {
      set({ busy: null });
    }
  },

  async tagSelected(key, value) {
    const { selected, selectedRuns } = get();
    if (selected.length === 0) return;
    set({ busy: 'tag', actionError: null });
    try {
      // runs.update replaces the whole tag map, so merge into what each run has.
      await updateEach(selected, (id) => ({ tags: { ...(selectedRuns[id]?.tags ?? {}), [key]: value } }));
      selected.forEach((id) => get().patchRun(id, (r) => ({ ...r, tags: { ...r.tags, [key]: value } })));
      void get().loadColumns();
      if (/\btags?\./.test(get().filter) || get().sort.field.startsWith('tags.')) get().refresh();
    } catch (err) {
      set({ actionError: errorMessage(err) });
    } finally {
      set({ busy: null });
    }
  },

  dismissActionError() {
    set({ actionError: null });
  },
});
