import { useEffect } from 'react';
import { api } from '../../api';
import { useCompare } from '../compare/compareStore';
import { useRunDetail } from '../run-detail/runDetailStore';
import { useRuns } from '../runs/runsStore';
import { useSweeps } from '../sweeps/sweepsStore';
import { noteRunActive, notifyRunEnded, watchSweepsAndImports } from './jobNotifications';
import { refreshExperimentsSoon } from './shellStore';
import { applyStoreChange } from './storeChanges';

/**
 * One subscription per push event for the whole app, fanned out to the feature stores, so a
 * view switch never drops events and each store applies only what concerns it.
 */
export function useLiveEvents(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const offs = [
      api.on('run.status', (payload) => {
        const known = useRuns.getState().knows(payload.runId);
        useRuns.getState().applyRun(payload.run);
        useRunDetail.getState().applyStatus(payload);
        useCompare.getState().applyRun(payload.run);
        useSweeps.getState().applyRun(payload.run);
        notifyRunEnded(payload.run);
        if (!known || payload.status === 'queued') refreshExperimentsSoon();
      }),
      api.on('run.progress', ({ runId, progress }) => {
        noteRunActive(runId);
        useRuns.getState().applyProgress(runId, progress);
        useRunDetail.getState().applyProgress(runId, progress);
      }),
      api.on('run.metrics', ({ runId, points }) => {
        useRunDetail.getState().applyMetrics(runId, points);
        useCompare.getState().applyMetrics(runId, points);
      }),
      api.on('runs.deleted', ({ ids }) => {
        useRuns.getState().applyDeleted(ids);
        refreshExperimentsSoon();
      }),
      api.on('changed', applyStoreChange),
      watchSweepsAndImports(),
    ];
    return () => offs.forEach((off) => off());
  }, [enabled]);
}
