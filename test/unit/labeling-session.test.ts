import { describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallResults } from '../../shared/api/contract';
import { LabelingSession } from '../../shared/labeling-client/session';
import type { AnnotationValue, QueueEntry } from '../../shared/labeling/types';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** An in-memory stand-in for the core's labeling calls, one labeler, with switches to hold or fail calls. */
function fakeCore(n: number) {
  const mine = new Map<number, AnnotationValue>();
  const actions: { itemIds: number[]; before: Map<number, AnnotationValue | undefined>; undone: boolean }[] = [];
  const log: string[] = [];
  const holds: Partial<Record<CallName, Deferred>> = {};
  const failures: { name: CallName; code: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const entry = (i: number): QueueEntry => ({
    itemId: 100 + i,
    position: i,
    name: `item-${i}`,
    fileHash: `hash-${i}`,
    width: 8,
    height: 8,
    fields: null,
    versionLabel: null,
    mine: mine.get(100 + i) ?? null,
    labels: mine.has(100 + i) ? [{ labeler: 'ana', value: mine.get(100 + i)! }] : [],
    suggestion: null,
    review: null,
    issue: null,
  });

  async function handle(name: CallName, input: any): Promise<unknown> {
    switch (name) {
      case 'labels.queue': {
        const all = Array.from({ length: n }, (_, i) => i);
        const kind = input.filter?.kind ?? 'all';
        const picked = all.filter((i) => (kind === 'unlabeled' ? !mine.has(100 + i) : kind === 'positions' ? input.filter.positions.includes(i) : true));
        const offset = input.offset ?? 0;
        return { total: picked.length, offset, entries: picked.slice(offset, offset + (input.limit ?? 50)).map(entry) };
      }
      case 'labels.save': {
        const before = new Map(input.itemIds.map((id: number) => [id, mine.get(id)]));
        for (const id of input.itemIds) mine.set(id, input.value);
        actions.push({ itemIds: input.itemIds, before: before as Map<number, AnnotationValue | undefined>, undone: false });
        return { actionId: actions.length, annotationIds: [] };
      }
      case 'labels.undo': {
        const a = [...actions].reverse().find((x) => !x.undone);
        if (!a) return { actionId: null, itemIds: [] };
        a.undone = true;
        for (const [id, v] of a.before) {
          if (v) mine.set(id, v);
          else mine.delete(id);
        }
        return { actionId: 1, itemIds: a.itemIds };
      }
      default:
        throw new Error(`fake core has no ${name}`);
    }
  }

  const api = {
    async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResults[K]> {
      const i = input as any;
      log.push(
        name === 'labels.queue'
          ? `queue ${i.filter?.kind ?? 'all'} ${i.offset ?? 0}+${i.limit}`
          : name === 'labels.save'
            ? `save ${i.itemIds.join(',')}=${i.value.labels.join('+')}`
            : name,
      );
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await holds[name]?.promise;
        const f = failures.findIndex((x) => x.name === name);
        if (f >= 0) {
          const { code } = failures.splice(f, 1)[0];
          throw Object.assign(new Error(`${name} failed (${code})`), { code });
        }
        return (await handle(name, input)) as CallResults[K];
      } finally {
        inFlight--;
      }
    },
  };
  return {
    api,
    mine,
    log,
    holds,
    failures,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

const one = (l: string): AnnotationValue => ({ labels: [l] });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('labeling session', () => {
  it('asks for the next page before the buffer runs out and preloads a few items ahead', async () => {
    const core = fakeCore(35);
    const preloaded: number[] = [];
    const s = new LabelingSession({
      api: core.api,
      datasetId: 1,
      filter: { kind: 'all' },
      pageSize: 10,
      lowWater: 4,
      preloadAhead: 3,
      preload: async (e) => void preloaded.push(e.position),
    });
    await s.start();
    expect(s.length).toBe(35);
    expect(core.log).toEqual(['queue all 0+10']);
    expect(preloaded).toEqual([0, 1, 2, 3]);
    s.goTo(6);
    await s.loaded();
    expect(core.log).toHaveLength(1); // 4 loaded items still ahead
    s.next();
    await s.loaded();
    expect(core.log).toEqual(['queue all 0+10', 'queue all 10+10']);
    expect(preloaded).toEqual([0, 1, 2, 3, 6, 7, 8, 9, 10]);
    s.goTo(34);
    await s.loaded();
    expect(s.item(34)?.entry.position).toBe(34);
    s.next();
    expect(s.done).toBe(true);
  });

  it('labels a shrinking queue through to the end without skipping or repeating an item', async () => {
    const core = fakeCore(45);
    const s = new LabelingSession({ api: core.api, datasetId: 1, filter: { kind: 'unlabeled' }, pageSize: 10, lowWater: 3, preloadAhead: 0 });
    await s.start();
    const seen: number[] = [];
    while (!s.done) {
      const it = await s.whenReady(s.cursor);
      seen.push(it!.entry.itemId);
      // Every fourth item is skipped: it stays in the core's queue and shifts the offsets.
      if (it!.entry.position % 4 === 3) s.next();
      else s.labelCurrent(one('a'));
    }
    await s.settled();
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => 100 + i));
    expect(core.mine.size).toBe(45 - 11);
  });

  it('moves on at once and sends labels one at a time, in the order given', async () => {
    const core = fakeCore(10);
    const s = new LabelingSession({ api: core.api, datasetId: 1, filter: { kind: 'all' } });
    await s.start();
    const hold = (core.holds['labels.save'] = deferred());
    s.labelCurrent(one('a'));
    s.labelCurrent(one('b'));
    s.labelCurrent(one('c'));
    expect(s.cursor).toBe(3);
    expect([0, 1, 2].map((i) => s.item(i)?.entry.mine)).toEqual([one('a'), one('b'), one('c')]);
    expect(s.saveState(101)).toBe('pending');
    await tick();
    expect(core.log.filter((l) => l.startsWith('save'))).toEqual(['save 100=a']);
    hold.resolve();
    await s.settled();
    expect(core.log.filter((l) => l.startsWith('save'))).toEqual(['save 100=a', 'save 101=b', 'save 102=c']);
    expect(core.maxInFlight).toBe(1);
    expect(s.ops).toHaveLength(0);
  });

  it('retries a transient failure by itself, and stops on a lasting one until retried', async () => {
    const core = fakeCore(10);
    const s = new LabelingSession({ api: core.api, datasetId: 1, filter: { kind: 'all' }, retryDelaysMs: [1] });
    await s.start();
    core.failures.push({ name: 'labels.save', code: 'internal' });
    s.labelCurrent(one('a'));
    await s.settled();
    expect(core.mine.get(100)).toEqual(one('a'));

    core.failures.push({ name: 'labels.save', code: 'internal' }, { name: 'labels.save', code: 'internal' });
    s.labelCurrent(one('b'));
    s.labelCurrent(one('c'));
    await s.settled();
    // The failure is kept and shown, and holds back the label after it.
    expect(s.failed).toMatchObject({ kind: 'save', itemIds: [101], error: 'labels.save failed (internal)' });
    expect(s.saveState(101)).toBe('failed');
    expect(s.item(1)?.entry.mine).toEqual(one('b'));
    expect(core.mine.has(102)).toBe(false);
    s.retry();
    await s.settled();
    expect(s.failed).toBeNull();
    expect([core.mine.get(101), core.mine.get(102)]).toEqual([one('b'), one('c')]);
  });

  it('discarding a refused label shows what the core holds again', async () => {
    const core = fakeCore(10);
    const s = new LabelingSession({ api: core.api, datasetId: 1, filter: { kind: 'all' } });
    await s.start();
    core.failures.push({ name: 'labels.save', code: 'invalid_input' });
    s.labelCurrent(one('zzz'));
    await s.settled();
    expect(s.failed?.error).toMatch(/invalid_input/);
    s.discard();
    await s.settled();
    expect(s.failed).toBeNull();
    expect(s.item(0)?.entry.mine).toBeNull();
  });

  it('undo waits for the label on the wire, then undoes one step at a time and returns to the item', async () => {
    const core = fakeCore(10);
    const s = new LabelingSession({ api: core.api, datasetId: 1, filter: { kind: 'all' } });
    await s.start();
    s.labelCurrent(one('a'));
    s.labelCurrent(one('b'));
    await s.settled();
    const hold = (core.holds['labels.save'] = deferred());
    s.labelCurrent(one('c'));
    await tick();
    s.undo();
    expect(s.cursor).toBe(2);
    expect(s.item(2)?.entry.mine).toBeNull();
    await tick();
    expect(core.log.at(-1)).toBe('save 102=c'); // the undo has not been sent past the save
    hold.resolve();
    await s.settled();
    expect(core.log.filter((l) => !l.startsWith('queue')).slice(-2)).toEqual(['save 102=c', 'labels.undo']);
    expect(core.mine.has(102)).toBe(false);

    s.undo();
    expect(s.cursor).toBe(1);
    await s.settled();
    expect(core.mine.has(101)).toBe(false);
    expect(core.mine.get(100)).toEqual(one('a'));
  });

  it('takes back a label that was not sent yet without asking the core', async () => {
    const core = fakeCore(10);
    const s = new LabelingSession({ api: core.api, datasetId: 1, filter: { kind: 'all' } });
    await s.start();
    const hold = (core.holds['labels.save'] = deferred());
    s.labelCurrent(one('a'));
    s.labelCurrent(one('b'));
    s.undo();
    expect(s.cursor).toBe(1);
    hold.resolve();
    await s.settled();
    expect(core.log.filter((l) => l !== 'queue all 0+50')).toEqual(['save 100=a']);
    expect(core.mine.has(101)).toBe(false);
  });

  it('labels many items as one action and undoes them together', async () => {
    const core = fakeCore(20);
    const s = new LabelingSession({ api: core.api, datasetId: 1, filter: { kind: 'all' } });
    await s.start();
    s.save([3, 4, 5], one('x'));
    await s.settled();
    expect(core.log.at(-1)).toBe('save 103,104,105=x');
    s.undo();
    await s.settled();
    expect(core.mine.size).toBe(0);
    expect([3, 4, 5].map((i) => s.item(i)?.entry.mine)).toEqual([null, null, null]);
  });
  it('reloads items changed elsewhere, but not one whose label is still on its way', async () => {
    const core = fakeCore(10);
    const s = new LabelingSession({ api: core.api, datasetId: 1, filter: { kind: 'all' } });
    await s.start();
    const hold = (core.holds['labels.save'] = deferred());
    s.labelCurrent(one('a'));
    s.labelCurrent(one('b'));
    core.mine.set(101, one('z'));
    core.mine.set(102, one('y'));
    const refreshed = s.refresh([101, 102]);
    hold.resolve();
    await refreshed;
    expect(s.item(1)?.entry.mine).toEqual(one('b'));
    expect(s.item(2)?.entry.mine).toEqual(one('y'));
    await s.settled();
    expect(core.mine.get(101)).toEqual(one('b'));
  });
});
