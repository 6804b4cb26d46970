import type { CallInput, CallName, CallResults } from '../api/contract';
import { errorText, Lock, OpQueue, type PendingOp } from './op-queue';
import { othersOf, stillQueued, type LabelerValue } from './queue-membership';
import type { AnnotationValue, QueueEntry, QueueFilter, ReviewVerdict } from '../labeling/types';

/** The one thing the session needs from a transport: the renderer's api, or Core.dispatch in benches. */
export interface SessionApi {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResults[K]>;
}

/** Fetches (and decodes, in a browser) what an item shows, so it is on screen at once when reached. */
export type Preloader = (entry: QueueEntry) => Promise<void>;

export interface SessionOptions {
  api: SessionApi;
  datasetId: number;
  filter: QueueFilter;
  preload?: Preloader;
  /** Entries per queue call. */
  pageSize?: number;
  /** The next page is asked for when fewer loaded items than this lie ahead of the cursor. */
  lowWater?: number;
  /** Items after the current one whose media is preloaded. */
  preloadAhead?: number;
  retryDelaysMs?: number[];
  now?: () => number;
}

/** An item of the queue as the workspace shows it: `entry.mine` and `entry.review` are optimistic. */
export interface SessionItem {
  entry: QueueEntry;
  others: LabelerValue[];
  /** What the core holds for this labeler, as far as confirmed: decides whether the item left the queue. */
  server: { mine: AnnotationValue | null; reviewed: boolean };
}

interface LocalAction {
  opId: number;
  itemIds: number[];
  before: Map<number, AnnotationValue | null>;
}

/**
 * One labeler's pass over a queue, without React or the DOM: a sparse buffer of queue entries
 * filled page by page ahead of the cursor, media preloaded a few items ahead, labels applied at
 * once and sent in order in the background, and undo that takes back unsent labels locally and
 * waits for sent ones before asking the core. The renderer subscribes; the bench drives it.
 */
export class LabelingSession {
  readonly datasetId: number;
  readonly filter: QueueFilter;
  private readonly api: SessionApi;
  private readonly preloader: Preloader | null;
  private readonly pageSize: number;
  private readonly lowWater: number;
  private readonly preloadAhead: number;
  private readonly now: () => number;
  private readonly lock = new Lock();
  private readonly queue: OpQueue;

  private items: (SessionItem | undefined)[] = [];
  private readonly requested = new Set<number>();
  private readonly indexOf = new Map<number, number>();
  private readonly preloads = new Map<number, Promise<void>>();
  private readonly loads = new Set<Promise<void>>();
  private readonly actions: LocalAction[] = [];
  private readonly listeners = new Set<() => void>();
  private length_: number | null = null;
  private cursor_ = 0;
  private shownAt: number;

  /** Bumped on every change, for useSyncExternalStore. */
  version = 0;
  loadError: string | null = null;

  constructor(options: SessionOptions) {
    this.api = options.api;
    this.datasetId = options.datasetId;
    this.filter = options.filter;
    this.preloader = options.preload ?? null;
    this.pageSize = options.pageSize ?? 50;
    this.lowWater = options.lowWater ?? 20;
    this.preloadAhead = options.preloadAhead ?? 5;
    this.now = options.now ?? (() => Date.now());
    this.shownAt = this.now();
    this.queue = new OpQueue({ lock: this.lock, retryDelaysMs: options.retryDelaysMs ?? [500, 2000], onChange: () => this.emit() });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the first page; resolves when it is in. */
  start(): Promise<void> {
    this.ensureAround();
    return this.loaded();
  }

  /** Items in the queue as this session sees it (those labeled away stay in place); null until the first page. */
  get length(): number | null {
    return this.length_;
  }

  get cursor(): number {
    return this.cursor_;
  }

  get current(): SessionItem | undefined {
    return this.items[this.cursor_];
  }

  /** True once the cursor has passed the last item. */
  get done(): boolean {
    return this.length_ !== null && this.cursor_ >= this.length_;
  }

  item(index: number): SessionItem | undefined {
    return this.items[index];
  }

  indexOfItem(itemId: number): number | undefined {
    return this.indexOf.get(itemId);
  }

  /** Indexes of every loaded item, in order. */
  loadedIndexes(): number[] {
    const out: number[] = [];
    this.items.forEach((it, i) => it && out.push(i));
    return out;
  }

  get ops(): readonly PendingOp[] {
    return this.queue.ops;
  }

  get failed(): PendingOp | null {
    return this.queue.failed;
  }

  saveState(itemId: number): 'pending' | 'failed' | null {
    const op = this.queue.ops.find((o) => o.itemIds.includes(itemId));
    if (!op) return null;
    return op.status === 'failed' ? 'failed' : 'pending';
  }

  /** Seconds since the current item came on screen. */
  secondsOnItem(): number {
    return Math.min(86_400, Math.max(0, (this.now() - this.shownAt) / 1000));
  }

  goTo(index: number): void {
    const max = this.length_ ?? Number.MAX_SAFE_INTEGER;
    const next = Math.max(0, Math.min(index, max));
    if (next !== this.cursor_) {
      this.cursor_ = next;
      this.shownAt = this.now();
    }
    this.ensureAround();
    this.emit();
  }

  next(): void {
    this.goTo(this.cursor_ + 1);
  }

  back(): void {
    this.goTo(this.cursor_ - 1);
  }

  /** Labels the current item and moves on. */
  labelCurrent(value: AnnotationValue, source: 'human' | 'suggestion' = 'human'): void {
    if (!this.current) return;
    this.save([this.cursor_], value, { source, seconds: this.secondsOnItem() });
    this.next();
  }

  /** Labels the items at these indexes as one undoable action (the grid's bulk label). */
  save(indexes: number[], value: AnnotationValue, opts: { source?: 'human' | 'suggestion'; seconds?: number } = {}): void {
    const items = [...new Set(indexes)].map((i) => this.items[i]).filter((it): it is SessionItem => !!it);
    if (items.length === 0) return;
    const itemIds = items.map((it) => it.entry.itemId);
    const before = new Map(items.map((it) => [it.entry.itemId, it.entry.mine]));
    for (const it of items) this.show(it, { mine: value });
    const source = opts.source ?? 'human';
    const seconds = opts.seconds ?? 0;
    const op = this.queue.push({
      kind: 'save',
      itemIds,
      send: () => this.api.call('labels.save', { datasetId: this.datasetId, itemIds, value, seconds, source }),
      onDone: () => this.confirm(itemIds, { mine: value }),
    });
    this.actions.push({ opId: op.id, itemIds, before });
    this.emit();
  }

  /** A reviewer's verdict on the current item; a fix carries the corrected label. Moves on. */
  review(verdict: ReviewVerdict, value?: AnnotationValue): void {
    const it = this.current;
    if (!it) return;
    const itemId = it.entry.itemId;
    this.show(it, { review: { verdict, reviewer: '' }, ...(value ? { mine: value } : {}) });
    this.queue.push({
      kind: 'review',
      itemIds: [itemId],
      send: () => this.api.call('labels.review', { datasetId: this.datasetId, itemId, verdict, value }),
      onDone: (record) => {
        this.confirm([itemId], { reviewed: true, ...(value ? { mine: value } : {}) });
        const at = this.items[this.indexOf.get(itemId) ?? -1];
        if (at) this.show(at, { review: { verdict, reviewer: record.reviewer } });
      },
    });
    this.next();
  }

  /**
   * Takes back the latest label: at once on screen (the cursor returns to it), then in the core:
   * a label still waiting to be sent is simply dropped; one already sent is undone after every
   * earlier call has landed, since the core undoes whatever it received last.
   */
  undo(): void {
    const action = this.actions.pop();
    if (action) {
      this.restore(action);
      const at = this.indexOf.get(action.itemIds[0]);
      if (at !== undefined) this.goTo(at);
      if (this.queue.cancel(action.opId)) return this.emit();
    }
    this.queue.push({
      kind: 'undo',
      itemIds: action?.itemIds ?? [],
      send: () => this.api.call('labels.undo', { datasetId: this.datasetId }),
      onDone: ({ itemIds }) => {
        void this.refresh(itemIds);
        if (action) return;
        // An action from before this session: show the item it touched, if this queue holds it.
        const at = itemIds.map((id) => this.indexOf.get(id)).find((i) => i !== undefined);
        if (at !== undefined) this.goTo(at);
      },
    });
  }

  retry(): void {
    this.queue.retry();
  }

  /** Gives up on the failed call; what it showed goes back to what the core holds. */
  discard(): void {
    const op = this.queue.discard();
    if (!op) return;
    const at = this.actions.findIndex((a) => a.opId === op.id);
    if (at >= 0) this.restore(this.actions.splice(at, 1)[0]);
    void this.refresh([...op.itemIds]);
  }

  /**
   * Reloads items whose labels changed elsewhere (another window, the CLI, an undo), except
   * those with changes of ours still on the way, which would be shown reverted.
   */
  refresh(itemIds: number[]): Promise<void> {
    const positions = [...new Set(itemIds)]
      .map((id) => this.indexOf.get(id))
      .filter((i): i is number => i !== undefined)
      .map((i) => this.items[i]!.entry.position);
    if (positions.length === 0) return Promise.resolve();
    return this.track(
      this.lock.run(async () => {
        for (let i = 0; i < positions.length; i += 1000) {
          const chunk = positions.slice(i, i + 1000);
          const page = await this.api.call('labels.queue', { datasetId: this.datasetId, filter: { kind: 'positions', positions: chunk }, limit: 1000 });
          for (const entry of page.entries) {
            const at = this.indexOf.get(entry.itemId);
            if (at === undefined || this.queue.touches(entry.itemId)) continue;
            this.items[at] = makeItem(entry);
          }
        }
        this.emit();
      }),
    );
  }

  /** Makes sure items [start, end) are loaded or on their way (the grid's visible range). */
  ensureRange(start: number, end: number): void {
    const stop = Math.min(end, this.length_ ?? end);
    for (let i = Math.max(0, start); i < stop; i++) {
      if (this.items[i] || this.requested.has(i)) continue;
      // From the start of the page, so scrolling asks for few large chunks.
      this.fetchRange(this.firstOpen(i - (i % this.pageSize), i), this.pageSize);
    }
  }

  /** Resolves when the item at `index` is loaded and its media preloaded (undefined past the end). */
  async whenReady(index: number): Promise<SessionItem | undefined> {
    // A few rounds at most: a queue others are changing can hand back items we already hold.
    for (let round = 0; round < 5 && !this.items[index] && (this.length_ === null || index < this.length_); round++) {
      if (!this.requested.has(index)) this.fetchRange(index, this.pageSize);
      if (this.loads.size === 0) break;
      await Promise.race(this.loads);
    }
    const it = this.items[index];
    if (it) await this.preloadEntry(it.entry);
    return it;
  }

  /** Resolves when every page asked for so far has arrived. */
  async loaded(): Promise<void> {
    while (this.loads.size > 0) await Promise.all(this.loads);
  }

  /** Resolves when every change has been confirmed (or the line stopped on a failure) and pages are in. */
  async settled(): Promise<void> {
    await this.queue.settled();
    await this.loaded();
  }

  private ensureAround(): void {
    if (this.length_ !== null && this.cursor_ >= this.length_) return;
    if (!this.items[this.cursor_] && !this.requested.has(this.cursor_)) this.fetchRange(this.cursor_, this.pageSize);
    let ahead = this.cursor_;
    const horizon = Math.min(this.cursor_ + this.lowWater, this.length_ ?? Number.MAX_SAFE_INTEGER);
    while (ahead < horizon && (this.items[ahead] || this.requested.has(ahead))) ahead++;
    if (ahead < horizon && this.length_ !== null) this.fetchRange(ahead, this.pageSize);
    this.preloadWindow();
  }

  private preloadWindow(): void {
    for (let i = this.cursor_; i <= this.cursor_ + this.preloadAhead; i++) {
      const it = this.items[i];
      if (it) void this.preloadEntry(it.entry);
    }
  }

  private preloadEntry(entry: QueueEntry): Promise<void> {
    if (!this.preloader) return Promise.resolve();
    let p = this.preloads.get(entry.itemId);
    if (!p) {
      // A failed preload only costs the speed-up: the stage shows the image's own error.
      p = this.preloader(entry).catch(() => undefined);
      this.preloads.set(entry.itemId, p);
    }
    return p;
  }

  private firstOpen(from: number, fallback: number): number {
    for (let i = from; i <= fallback; i++) if (!this.items[i] && !this.requested.has(i)) return i;
    return fallback;
  }

  /**
   * Loads queue entries into slots [start, start + count). The core's offset is the slot minus
   * the items before it that our confirmed labels took out of the queue; the lock keeps a save
   * from landing between that count and the read.
   */
  private fetchRange(start: number, wanted: number): void {
    let count = 0;
    while (count < wanted && !this.items[start + count] && !this.requested.has(start + count) && (this.length_ === null || start + count < this.length_))
      count++;
    if (count === 0) return;
    for (let i = start; i < start + count; i++) this.requested.add(i);
    const job = this.lock.run(async () => {
      const offset = Math.max(0, start - this.departedBefore(start));
      const page = await this.api.call('labels.queue', { datasetId: this.datasetId, filter: this.filter, offset, limit: count });
      this.place(start, count, page);
    });
    void this.track(
      job.then(
        () => {
          this.loadError = null;
          this.ensureAround();
          this.emit();
        },
        (err) => {
          for (let i = start; i < start + count; i++) if (!this.items[i]) this.requested.delete(i);
          throw err;
        },
      ),
    );
  }

  private place(start: number, count: number, page: { total: number; offset: number; entries: QueueEntry[] }): void {
    let slot = start;
    for (const entry of page.entries) {
      // Someone else's labels shifted the queue: an item we hold came round again.
      if (this.indexOf.has(entry.itemId)) continue;
      while (slot < start + count && this.items[slot]) slot++;
      if (slot >= start + count) break;
      this.items[slot] = makeItem(entry);
      this.indexOf.set(entry.itemId, slot);
      slot++;
    }
    for (let i = start; i < start + count; i++) if (!this.items[i]) this.requested.delete(i);
    const last = this.items.length;
    this.length_ = Math.max(last, page.total + this.departedBefore(last));
  }

  private departedBefore(index: number): number {
    let n = 0;
    const end = Math.min(index, this.items.length);
    for (let i = 0; i < end; i++) {
      const it = this.items[i];
      if (it && !stillQueued(this.filter, it.others, it.server.mine, it.entry.versionLabel, it.server.reviewed)) n++;
    }
    return n;
  }

  private show(it: SessionItem, change: Partial<Pick<QueueEntry, 'mine' | 'review'>>): void {
    const at = this.indexOf.get(it.entry.itemId);
    if (at === undefined) return;
    this.items[at] = { ...it, entry: { ...it.entry, ...change } };
  }

  private confirm(itemIds: readonly number[], server: Partial<SessionItem['server']>): void {
    for (const id of itemIds) {
      const at = this.indexOf.get(id);
      const it = at === undefined ? undefined : this.items[at];
      if (it) this.items[at!] = { ...it, server: { ...it.server, ...server } };
    }
    this.emit();
  }

  private restore(action: LocalAction): void {
    for (const [id, mine] of action.before) {
      const at = this.indexOf.get(id);
      const it = at === undefined ? undefined : this.items[at];
      if (it) this.show(it, { mine });
    }
  }

  /** Keeps the job in `loads` until it ends; a failure is shown, never thrown at a caller who did not wait. */
  private track(job: Promise<void>): Promise<void> {
    const safe = job.catch((err) => {
      this.loadError = errorText(err).message;
      this.emit();
    });
    this.loads.add(safe);
    void safe.then(() => this.loads.delete(safe));
    return safe;
  }

  private emit(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}

function makeItem(entry: QueueEntry): SessionItem {
  return { entry, others: othersOf(entry), server: { mine: entry.mine, reviewed: entry.review !== null } };
}
