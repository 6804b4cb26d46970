import { create } from 'zustand';
import type { CallInput } from '../../../../shared/api/contract';
import type { RetrainResult, TimelineResult } from '../../../../shared/api/calls/monitoring';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';

interface TimelineState {
  request: CallInput<'monitoring.timeline'> | null;
  /** The run behind the timeline's model, which retraining starts from; null for an imported version. */
  runId: string | null;
  result: TimelineResult | null;
  retrained: RetrainResult | null;
  busy: 'timeline' | 'retrain' | null;
  error: string | null;
  run(runId: string | null, input: CallInput<'monitoring.timeline'>): Promise<void>;
  retrain(): Promise<void>;
}

export const useTimeline = create<TimelineState>((set, get) => ({
  request: null,
  runId: null,
  result: null,
  retrained: null,
  busy: null,
  error: null,
  async run(runId, input) {
    set({ busy: 'timeline', error: null, retrained: null, request: input, runId });
    try {
      set({ result: await api.call('monitoring.timeline', input) });
    } catch (err) {
      set({ error: errorMessage(err), result: null });
    } finally {
      set({ busy: null });
    }
  },
  /** Retrain on the data the timeline looked at: merged into a new version, same config, both models compared. */
  async retrain() {
    const { request: req, runId } = get();
    if (!req || !runId) return;
    set({ busy: 'retrain', error: null });
    try {
      set({ retrained: await api.call('monitoring.retrain', { runId, newData: req.current }) });
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      set({ busy: null });
    }
  },
}));
