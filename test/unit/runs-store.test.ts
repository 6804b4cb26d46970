import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../shared/domain';

// The runs table's store against a stand-in API: each runs.query answer is held until the test
// releases it, so the order answers land in is the test's to choose.
interface Pending {
  input: { offset: number; limit: number; sort: { field: string; dir: string }; filter?: string };
  resolve(value: { runs: RunSummary[]; total: number; warnings: string[] }): void;
}
const queries: Pending[] = [];
const call = vi.fn((name: string, input: unknown): Promise<unknown> => {
  if (name === 'runs.query') return new Promise((resolve) => queries.push({ input: input as Pending['input'], resolve }));
  if (name === 'runs.columns') return Promise.resolve({ params: [], metrics: [], tags: [] });
  if (name === 'runs.delete') return Promise.resolve({ deleted: (input as { ids: string[] }).ids.length });
  return Promise.reject(new Error(`unexpected call ${name}`));
});
vi.mock('../../renderer/src/api', () => ({ api: { call: (name: string, input: unknown) => call(name, input) } }));
const downloads: { name: string; text: string }[] = [];
vi.mock('../../renderer/src/lib/csv', () => ({ downloadText: (name: string, text: string) => downloads.push({ name, text }) }));

const { useRuns, isActive } = await import('../../renderer/src/features/runs/runsStore');

function run(id: string, extra: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    name: `run ${id}`,
    experimentId: 1,
    experimentName: 'e',
    status: 'finished',
    modelType: 'mlp',
    engine: null,
    device: null,
    seed: 1,
    params: {},
    tags: {},
    starred: false,
    archived: false,
    datasetName: null,
    datasetVersion: null,
    createdAt: 0,
    startedAt: null,
    endedAt: null,
    metrics: {},
    progress: null,
    origin: null,
    ...extra,
  };
}

/** Lets the store's awaits after an answer run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  // The store is one per app: a refetch left pending by the test before is dropped first.
  useRuns.getState().refresh();
  queries.length = 0;
  downloads.length = 0;
  call.mockClear();
});
afterEach(() => vi.useRealTimers());

describe('runs store', () => {
  it('drops the answer of an older query that lands after the new one', async () => {
    useRuns.getState().setScope(1, '');
    expect(queries).toHaveLength(1);
    useRuns.getState().toggleSort('name');
    expect(queries).toHaveLength(2);
    expect(queries[1]?.input.sort).toEqual({ field: 'name', dir: 'asc' });
    queries[1]?.resolve({ runs: [run('new')], total: 1, warnings: [] });
    await settle();
    queries[0]?.resolve({ runs: [run('old')], total: 1, warnings: [] });
    await settle();
    expect(useRuns.getState().rowAt(0)?.id).toBe('new');
    expect(useRuns.getState().total).toBe(1);
  });

  it('selects a shift-click range in click order; a deleted run leaves the selection, progress reaches rows and selection', async () => {
    useRuns.getState().setScope(2, '');
    queries[0]?.resolve({ runs: ['a', 'b', 'c', 'd'].map((id) => run(id, { status: 'running' })), total: 4, warnings: [] });
    await settle();
    const s = () => useRuns.getState();
    s().clickRow(3, run('d'), false);
    s().clickRow(0, run('a'), false);
    s().clickRow(2, run('c'), true);
    expect(s().selected).toEqual(['d', 'a', 'b', 'c']);
    const progress = { epoch: 2, epochs: 5, batch: 3, batchesPerEpoch: 10, etaMs: 900, samplesPerSec: 120 };
    s().applyProgress('c', progress);
    expect(s().rowAt(2)?.progress).toEqual(progress);
    expect(s().selectedRuns['c']?.progress).toEqual(progress);
    s().applyDeleted(['b']);
    expect(s().selected).toEqual(['d', 'a', 'c']);
    expect(Object.keys(s().selectedRuns).sort()).toEqual(['a', 'c', 'd']);
    // Another scope starts with nothing selected.
    s().setScope(3, '');
    expect(s().selected).toEqual([]);
  });

  it('answers a burst of new-run events with one refetch', async () => {
    useRuns.getState().setScope(4, '');
    queries[0]?.resolve({ runs: [run('a', { experimentId: 4 })], total: 1, warnings: [] });
    await settle();
    vi.useFakeTimers();
    const before = queries.length;
    for (let i = 0; i < 20; i++) useRuns.getState().applyRun(run(`new${i}`, { experimentId: 4, status: 'queued' }));
    // A run of another experiment is none of this table's business.
    useRuns.getState().applyRun(run('elsewhere', { experimentId: 9 }));
    expect(queries.length).toBe(before);
    vi.advanceTimersByTime(300);
    expect(queries.length).toBe(before + 1);
    expect(isActive(run('x', { status: 'queued' }))).toBe(true);
  });

  it('exports every matching run page by page, with the filter and sort on screen', async () => {
    useRuns.getState().setScope(null, 'status = finished');
    queries[0]?.resolve({ runs: [run('a')], total: 5001, warnings: [] });
    await settle();
    const done = useRuns.getState().exportCsv();
    expect(useRuns.getState().busy).toBe('export');
    await settle();
    expect(queries[1]?.input).toMatchObject({ offset: 0, limit: 5000, filter: 'status = finished' });
    queries[1]?.resolve({ runs: Array.from({ length: 5000 }, (_, i) => run(`r${i}`)), total: 5001, warnings: [] });
    await settle();
    expect(queries[2]?.input).toMatchObject({ offset: 5000, limit: 5000 });
    queries[2]?.resolve({ runs: [run('last')], total: 5001, warnings: [] });
    await done;
    expect(useRuns.getState().busy).toBeNull();
    const lines = downloads[0]?.text.trimEnd().split('\r\n') ?? [];
    expect(lines).toHaveLength(5002);
    expect(lines[0]?.startsWith('id,name,status,starred')).toBe(true);
    expect(lines[5001]?.startsWith('last,run last,finished,false')).toBe(true);
  });
});
