import { create } from 'zustand';
import type { DatasetVersionInfo } from '../../../../shared/domain';
import { LabelingSession } from '../../../../shared/labeling-client/session';
import type { LabelingStatus, LabelSchema, LabelTask, QueueFilter } from '../../../../shared/labeling/types';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { createImagePreloader } from './imagePreloader';
import { sessionKey } from './queueFilter';

interface LabelingState {
  datasetId: number | null;
  datasetName: string;
  schema: LabelSchema | null;
  status: LabelingStatus | null;
  session: LabelingSession | null;
  key: string;
  error: string | null;
  /** The label set editor is open (always when the dataset has no classes yet). */
  editingSchema: boolean;
  schemaError: string | null;
  committing: boolean;
  committed: DatasetVersionInfo | null;
  commitError: string | null;
  open(datasetId: number, filter: QueueFilter): Promise<void>;
  loadStatus(): Promise<void>;
  editSchema(on: boolean): void;
  saveSchema(task: LabelTask, classes: { name: string; hotkey?: string; color?: string }[]): Promise<boolean>;
  commit(): Promise<void>;
}

const preload = createImagePreloader();

/** Queues whose items stay put while one labels, so an index still names the same item later. */
function stableQueue(filter: QueueFilter): boolean {
  return filter.kind === 'all' || filter.kind === 'positions' || filter.kind === 'errors';
}

/**
 * The open workspace: the dataset's label set and status, and one labeling session per
 * (dataset, queue). Switching between item, grid and review keeps the session, so the cursor
 * and labels still on their way survive; an old session finishes sending its labels.
 */
export const useLabeling = create<LabelingState>((set, get) => ({
  datasetId: null,
  datasetName: '',
  schema: null,
  status: null,
  session: null,
  key: '',
  error: null,
  editingSchema: false,
  schemaError: null,
  committing: false,
  committed: null,
  commitError: null,

  async open(datasetId, filter) {
    const key = sessionKey(datasetId, filter);
    const old = get().session;
    // Back on a queue left earlier: labels may have changed meanwhile (no events came while away),
    // so it is read again, at the same place where the queue does not shrink as one labels.
    // A session still sending labels stays, so they are not shown undone.
    const returning = get().key === key;
    if (returning && old?.ops.length) return;
    const sameDataset = get().datasetId === datasetId;
    const session = new LabelingSession({ api, datasetId, filter, preload });
    set({
      key,
      session,
      datasetId,
      error: null,
      ...(sameDataset ? {} : { schema: null, status: null, datasetName: '', committed: null, editingSchema: false }),
    });
    void session.start().then(() => {
      if (returning && old && get().session === session && stableQueue(filter)) session.goTo(old.cursor);
    });
    if (sameDataset) return;
    try {
      const [dataset, schema] = await Promise.all([api.call('datasets.get', { id: datasetId }), api.call('labels.schema', { datasetId })]);
      if (get().datasetId !== datasetId) return;
      set({ datasetName: dataset.name, schema, editingSchema: schema.classes.length === 0 });
      await get().loadStatus();
    } catch (err) {
      if (get().datasetId === datasetId) set({ error: errorMessage(err) });
    }
  },

  async loadStatus() {
    const datasetId = get().datasetId;
    if (datasetId === null) return;
    try {
      const status = await api.call('labels.status', { datasetId });
      if (get().datasetId === datasetId) set({ status });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },

  editSchema(on) {
    set({ editingSchema: on, schemaError: null });
  },

  async saveSchema(task, classes) {
    const datasetId = get().datasetId;
    if (datasetId === null) return false;
    try {
      const schema = await api.call('labels.setSchema', { datasetId, task, classes });
      set({ schema, editingSchema: false, schemaError: null });
      return true;
    } catch (err) {
      set({ schemaError: errorMessage(err) });
      return false;
    }
  },

  async commit() {
    const { datasetId, session } = get();
    if (datasetId === null) return;
    set({ committing: true, commitError: null });
    try {
      // A version holds what the core has: labels still on their way go first.
      await session?.settled();
      if (session?.failed) throw new Error('A label could not be saved: retry or discard it first');
      const committed = await api.call('labels.commit', { datasetId });
      set({ committed, committing: false });
      await get().loadStatus();
    } catch (err) {
      set({ commitError: errorMessage(err), committing: false });
    }
  },
}));
