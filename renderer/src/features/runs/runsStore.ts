import { create } from 'zustand';
import type { CallInput } from '../../../../shared/api/contract';
import type { RunColumns, RunProgress, RunSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { csvLine } from '../../../../shared/csv/write';
import { downloadText } from '../../lib/csv';
import { csvValue, defaultSortDir, loadColumnChoice, saveColumnChoice } from './columns';

// The runs table holds only the pages it has fetched: the core filters, sorts and counts, so
// 10,000 runs cost what the visible rows cost. Pages are keyed by index under a "generation"
// that every query change bumps; answers from an older generation are dropped.

export const PAGE_SIZE = 200;
const EXPORT_PAGE = 5000;
/** The compare view overlays at most this many runs (runs.metrics takes 100 ids). */
export const MAX_COMPARE = 100;

export interface RunsSort {
  field: string;
  dir: 'asc' | 'desc';
}

interface RunsState {
  /** null = every experiment. */
  experimentId: number | null;
  filter: string;
  sort: RunsSort;
  includeArchived: boolean;
  /** Matching runs in the core; null until the first page of a scope arrives. */
  total: number | null;
  pages: Record<number, RunSummary[]>;
  /** The previous query's pages, shown until the new ones land so the table doesn't blink. */
  stale: Record<number, RunSummary[]>;
  error: string | null;
  /** Filter keys no run in scope has, with the nearest that exist (from the first page). */
  filterWarnings: string[];
  columns: string[];
  available: RunColumns | null;
  /** Selected ids in click order (compare keeps that order), with the runs as last seen. */
  selected: string[];
  selectedRuns: Record<string, RunSummary>;
  /** Row index of the last plain click, the start of a shift-click range. */
  anchor: number | null;
  busy: 'archive' | 'delete' | 'tag' | 'export' | null;
  actionError: string | null;

  setScope(experimentId: number | null, filter: string): void;
  toggleSort(field: string): void;
  setIncludeArchived(on: boolean): void;
  ensureRange(first: number, last: number): void;
  refresh(): void;
  rowAt(index: number): RunSummary | undefined;
  knows(runId: string): boolean;
  setColumns(keys: string[]): void;
  loadColumns(): Promise<void>;
  clickRow(index: number, run: RunSummary, shift: boolean): void;
  toggleAllLoaded(): void;
  clearSelection(): void;
  setStarred(run: RunSummary, starred: boolean): Promise<void>;
  archiveSelected(archived: boolean): Promise<void>;
  deleteSelected(): Promise<boolean>;
  tagSelected(key: string, value: string): Promise<void>;
  exportCsv(): Promise<void>;
  dismissActionError(): void;
  applyRun(run: RunSummary): void;
  applyProgress(runId: string, progress: RunProgress): void;
  applyDeleted(ids: string[]): void;
}

let generation = 0;
const inflight = new Set<number>();
/** The rows the table last showed, refetched when the query changes under them. */
let visible: [number, number] = [0, 0];
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

export const useRuns = create<RunsState>((set, get) => {
  const queryInput = (offset: number, limit: number): CallInput<'runs.query'> => {
    const { experimentId, filter, sort, includeArchived } = get();
    return {
      ...(experimentId === null ? {} : { experimentId }),
      ...(filter ? { filter } : {}),
      sort,
      offset,
      limit,
      includeArchived,
    };
  };

  const fetchPage = async (page: number): Promise<void> => {
    if (get().pages[page] || inflight.has(page)) return;
    const gen = generation;
    inflight.add(page);
    try {
      const result = await api.call('runs.query', queryInput(page * PAGE_SIZE, PAGE_SIZE));
      if (gen !== generation) return;
      set((s) => ({ pages: { ...s.pages, [page]: result.runs }, stale: {}, total: result.total, error: null, ...(page === 0 && { filterWarnings: result.warnings }) }));
    } catch (err) {
      if (gen === generation) set({ error: errorMessage(err), total: get().total ?? 0, stale: {} });
    } finally {
      if (gen === generation) inflight.delete(page);
    }
  };

  /** A new result list opens at its top (the table scrolls there too). */
  const toTop = () => {
    visible = [0, visible[1] - visible[0]];
  };

  /** Drops every page and refetches what is on screen; `keepRows` shows the old rows meanwhile. */
  const restart = (keepRows: boolean) => {
    generation++;
    inflight.clear();
    set((s) => ({ stale: keepRows ? { ...s.stale, ...s.pages } : {}, pages: {}, error: null }));
    get().ensureRange(visible[0], visible[1]);
  };

  const patchRun = (runId: string, patch: (run: RunSummary) => RunSummary) => {
    set((s) => {
      let pages = s.pages;
      for (const [key, rows] of Object.entries(s.pages)) {
        const i = rows.findIndex((r) => r.id === runId);
        if (i < 0) continue;
        const copy = rows.slice();
        copy[i] = patch(copy[i]);
        pages = { ...pages, [key]: copy };
      }
      const sel = s.selectedRuns[runId];
      return { pages, selectedRuns: sel ? { ...s.selectedRuns, [runId]: patch(sel) } : s.selectedRuns };
    });
  };

  /** runs.update has no bulk form; a few at a time keeps the core responsive. */
  const updateEach = async (ids: string[], patchFor: (id: string) => Omit<CallInput<'runs.update'>, 'id'>) => {
    for (let i = 0; i < ids.length; i += 16) {
      await Promise.all(ids.slice(i, i + 16).map((id) => api.call('runs.update', { id, ...patchFor(id) })));
    }
  };

  return {
    experimentId: null,
    filter: '',
    sort: { field: 'created', dir: 'desc' },
    includeArchived: false,
    total: null,
    pages: {},
    stale: {},
    error: null,
    filterWarnings: [],
    columns: loadColumnChoice(),
    available: null,
    selected: [],
    selectedRuns: {},
    anchor: null,
    busy: null,
    actionError: null,

    setScope(experimentId, filter) {
      const s = get();
      const newExperiment = s.experimentId !== experimentId || s.total === null;
      // Another scope: the old selection may not even be in it, so it goes. The same scope
      // (view reopened, socket reconnected) just refetches.
      if (newExperiment || s.filter !== filter) set({ experimentId, filter, selected: [], selectedRuns: {}, anchor: null, actionError: null });
      if (newExperiment) set({ total: null, available: null });
      if (newExperiment || s.filter !== filter) toTop();
      restart(!newExperiment);
      void get().loadColumns();
    },

    toggleSort(field) {
      const { sort } = get();
      set({ sort: sort.field === field ? { field, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { field, dir: defaultSortDir(field) }, anchor: null });
      toTop();
      restart(true);
    },

    setIncludeArchived(on) {
      set({ includeArchived: on, anchor: null });
      toTop();
      restart(true);
    },

    ensureRange(first, last) {
      visible = [first, last];
      const { total } = get();
      const lastRow = total === null ? last : Math.min(last, total - 1);
      const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
      const to = Math.max(from, Math.floor(Math.max(0, lastRow) / PAGE_SIZE));
      for (let p = from; p <= to; p++) void fetchPage(p);
    },

    refresh() {
      if (refreshTimer) clearTimeout(refreshTimer);
      refreshTimer = null;
      restart(true);
    },

    rowAt(index) {
      const { pages, stale } = get();
      const page = Math.floor(index / PAGE_SIZE);
      return (pages[page] ?? stale[page])?.[index % PAGE_SIZE];
    },

    knows(runId) {
      return Object.values(get().pages).some((rows) => rows.some((r) => r.id === runId));
    },

    setColumns(keys) {
      saveColumnChoice(keys);
      set({ columns: keys });
    },

    async loadColumns() {
      const experimentId = get().experimentId;
      try {
        const available = await api.call('runs.columns', experimentId === null ? {} : { experimentId });
        if (get().experimentId === experimentId) set({ available });
      } catch {
        // The chooser then offers the run attributes only; the table itself still works.
      }
    },

    clickRow(index, run, shift) {
      const { selected, anchor } = get();
      const select = !selected.includes(run.id);
      const rows: RunSummary[] = [];
      if (shift && anchor !== null) {
        for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) {
          const r = get().rowAt(i);
          if (r) rows.push(r);
        }
      } else rows.push(run);
      set((s) => {
        const ids = new Set(rows.map((r) => r.id));
        const selectedRuns = { ...s.selectedRuns };
        for (const r of rows) {
          if (select) selectedRuns[r.id] = r;
          else delete selectedRuns[r.id];
        }
        const kept = s.selected.filter((id) => !ids.has(id));
        return {
          selected: select ? [...kept, ...rows.map((r) => r.id)] : kept,
          selectedRuns,
          anchor: index,
        };
      });
    },

    toggleAllLoaded() {
      const loaded = Object.values(get().pages).flat();
      const all = loaded.length > 0 && loaded.every((r) => r.id in get().selectedRuns);
      if (all) set({ selected: [], selectedRuns: {}, anchor: null });
      else set({ selected: loaded.map((r) => r.id), selectedRuns: Object.fromEntries(loaded.map((r) => [r.id, r])), anchor: null });
    },

    clearSelection() {
      set({ selected: [], selectedRuns: {}, anchor: null });
    },

    async setStarred(run, starred) {
      patchRun(run.id, (r) => ({ ...r, starred }));
      try {
        await api.call('runs.update', { id: run.id, starred });
        // A filter or sort on `starred` would now place the run elsewhere.
        if (/\bstarred\b/.test(get().filter) || get().sort.field === 'starred') get().refresh();
      } catch (err) {
        patchRun(run.id, (r) => ({ ...r, starred: !starred }));
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
        if (archived && !get().includeArchived) set({ selected: [], selectedRuns: {}, anchor: null });
        else ids.forEach((id) => patchRun(id, (r) => ({ ...r, archived })));
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
        set({ selected: [], selectedRuns: {}, anchor: null });
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
        selected.forEach((id) => patchRun(id, (r) => ({ ...r, tags: { ...r.tags, [key]: value } })));
        void get().loadColumns();
        if (/\btags?\./.test(get().filter) || get().sort.field.startsWith('tags.')) get().refresh();
      } catch (err) {
        set({ actionError: errorMessage(err) });
      } finally {
        set({ busy: null });
      }
    },

    async exportCsv() {
      const { columns } = get();
      const keys = ['id', 'name', 'status', 'starred', ...columns.filter((k) => !['id', 'name', 'status', 'starred'].includes(k))];
      set({ busy: 'export', actionError: null });
      try {
        const lines = [csvLine(keys)];
        // Same filter and sort as on screen, all pages: the file is the view, not the rows loaded.
        for (let offset = 0; ; offset += EXPORT_PAGE) {
          const page = await api.call('runs.query', queryInput(offset, EXPORT_PAGE));
          for (const run of page.runs) lines.push(csvLine(keys.map((k) => csvValue(run, k))));
          if (page.runs.length < EXPORT_PAGE || offset + EXPORT_PAGE >= page.total) break;
        }
        const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
        downloadText(`cairn-runs-${stamp}.csv`, `${lines.join('\r\n')}\r\n`);
      } catch (err) {
        set({ actionError: errorMessage(err) });
      } finally {
        set({ busy: null });
      }
    },

    dismissActionError() {
      set({ actionError: null });
    },

    applyRun(run) {
      const s = get();
      const known = Object.values(s.pages).flat().find((r) => r.id === run.id);
      if (!known) {
        // A new run (or one entering the view): where it lands depends on the sort, so ask.
        if (s.total !== null && (s.experimentId === null || s.experimentId === run.experimentId)) refreshSoon();
        return;
      }
      patchRun(run.id, (r) => ({ ...run, progress: run.progress ?? (isActive(run) ? r.progress : null) }));
      const membershipMayChange = (s.filter !== '' && known.status !== run.status) || (known.archived !== run.archived && !s.includeArchived);
      if (membershipMayChange) refreshSoon();
    },

    applyProgress(runId, progress) {
      patchRun(runId, (run) => ({ ...run, progress, status: run.status === 'queued' ? 'running' : run.status }));
    },

    applyDeleted(ids) {
      const gone = new Set(ids);
      set((s) => ({
        selected: s.selected.filter((id) => !gone.has(id)),
        selectedRuns: Object.fromEntries(Object.entries(s.selectedRuns).filter(([id]) => !gone.has(id))),
      }));
      if (get().total !== null) refreshSoon();
    },
  };
});

/** Bursts of events (a sweep starting twenty runs) cost one refetch. */
function refreshSoon(): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    useRuns.getState().refresh();
  }, 300);
}

export const isActive = (run: { status: string }): boolean => run.status === 'queued' || run.status === 'running';
