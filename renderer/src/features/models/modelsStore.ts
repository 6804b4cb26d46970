import { create } from 'zustand';
import type { ExportResult, ModelDetail, ModelInfo, ModelVersionInfo } from '../../../../shared/api/calls/models';
import { api } from '../../api';
import { describeError, errorMessage } from '../../api/errors';

/** What a failed action returns to its form: the core's message, and whether a reason would let it through. */
export interface ActionFailure {
  message: string;
  /** The core refused the move for want of a reason (champion without a passing evaluation); one overrides. */
  needsReason: boolean;
}

interface ModelsState {
  models: ModelInfo[];
  loaded: boolean;
  error: string | null;
  detail: ModelDetail | null;
  detailError: string | null;
  load(): Promise<void>;
  loadDetail(name: string): Promise<void>;
  moveAlias(input: { name: string; version: number; alias: string; reason?: string }): Promise<ActionFailure | null>;
  exportVersion(name: string, version: number, path: string): Promise<{ ok: true; result: ExportResult } | { ok: false; message: string }>;
  register(input: { runId: string; name: string; description: string }): Promise<{ ok: true; version: ModelVersionInfo } | { ok: false; message: string }>;
}

export const useModels = create<ModelsState>((set, get) => ({
  models: [],
  loaded: false,
  error: null,
  detail: null,
  detailError: null,

  async load() {
    try {
      set({ models: await api.call('models.list', {}), loaded: true, error: null });
    } catch (err) {
      set({ error: errorMessage(err), loaded: true });
    }
  },

  async loadDetail(name) {
    if (get().detail?.name !== name) set({ detail: null, detailError: null });
    try {
      set({ detail: await api.call('models.get', { name }), detailError: null });
    } catch (err) {
      set({ detailError: errorMessage(err) });
    }
  },

  async moveAlias(input) {
    try {
      const detail = await api.call('models.alias', input);
      set({ detail });
      void get().load();
      return null;
    } catch (err) {
      const { message, field } = describeError(err);
      return { message, needsReason: field === 'reason' && !input.reason };
    }
  },

  async exportVersion(name, version, path) {
    try {
      return { ok: true, result: await api.call('models.export', { ref: `${name}@${version}`, path }) };
    } catch (err) {
      return { ok: false, message: errorMessage(err) };
    }
  },

  async register(input) {
    try {
      const version = await api.call('models.register', input);
      void get().load();
      return { ok: true, version };
    } catch (err) {
      return { ok: false, message: errorMessage(err) };
    }
  },
}));
