import type { StateCreator } from 'zustand';
import type { CallInput } from '../../../../shared/api/contract';
import type { RunSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { defaultSortDir } from './columns';
import type { RunsState } from './runsStore';

// The runs table holds only the pages it has fetched: the core filters, sorts and counts, so
// 10,000 runs cost what the visible rows cost. Pages are keyed by index under a "generation"
// that every query change bumps; answers from an older generation are dropped.

export const PAGE_SIZE = 200;

export interface RunsSort {
  field: string;
  dir: 'asc' | 'desc';
}

export interface RunPages {
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

  setScope(experimentId: number | null, filter: string): void;
  toggleSort(field: string): void;
  setIncludeArchived(on: boolean): void;
  ensureRange(first: number, last: number): void;
  refresh(): void;
  /** Bursts of events (a sweep starting twenty runs) cost one refetch. */
  refreshSoon(): void;
  rowAt(index: number): RunSummary | undefined;
  knows(runId: string): boolean;
  loaded(): RunSummary[];
  /** The runs.query input for the current scope, filter and sort. */
  queryInput(offset: number, limit: number): CallInput<'runs.query'>;
}

export const runPages: StateCreator<RunsState, [], [], RunPages> = (set, get) => {
  // Paging bookkeeping that no view renders, so it stays out of the state.
  let generation = 0;
  const inflight = new Set<number>();
  /** The rows the table last showed, refetched when the query changes under them. */
  let visible: [number, number] = [0, 0];
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  const fetchPage = async (page: number): Promise<void> => {
    if (get().pages[page] || inflight.has(page)) return;
    const gen = generation;
    inflight.add(page);
    try {
      const result = await api.call('runs.query', get().queryInput(page * PAGE_SIZE, PAGE_SIZE));
      if (gen !== generation) return;
      set((s) => ({
        pages: { ...s.pages, [page]: result.runs },
        stale: {},
        total: result.total,
        error: null,
        ...(page === 0 && { filterWarnings: result.warnings }),
      }));
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

    setScope(experimentId, filter) {
      const s = get();
      const newExperiment = s.experimentId !== experimentId || s.total === null;
      const newQuery = newExperiment || s.filter !== filter;
      // Another scope: the old selection may not even be in it, so it goes. The same scope
      // (view reopened, socket reconnected) just refetches.
      if (newQuery) {
        set({ experimentId, filter, actionError: null });
        get().clearSelection();
      }
      if (newExperiment) set({ total: null, available: null });
      if (newQuery) toTop();
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

    refreshSoon() {
      if (refreshTimer) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        get().refresh();
      }, 300);
    },

    rowAt(index) {
      const { pages, stale } = get();
      const page = Math.floor(index / PAGE_SIZE);
      return (pages[page] ?? stale[page])?.[index % PAGE_SIZE];
    },

    knows(runId) {
      return Object.values(get().pages).some((rows) => rows.some((r) => r.id === runId));
    },

    loaded() {
      return Object.values(get().pages).flat();
    },

    queryInput(offset, limit) {
      const { experimentId, filter, sort, includeArchived } = get();
      return {
        ...(experimentId === null ? {} : { experimentId }),
        ...(filter ? { filter } : {}),
        sort,
        offset,
        limit,
        includeArchived,
      };
    },
  };
};
