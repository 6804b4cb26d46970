import { create } from 'zustand';
import { runActions, type RunActions } from './runActions';
import { runColumnChoice, type RunColumnChoice } from './runColumnChoice';
import { runEvents, type RunEvents } from './runEvents';
import { runPages, type RunPages } from './runPages';
import { runSelection, type RunSelection } from './runSelection';
import { runsExport, type RunsExport } from './runsExport';

// The runs table's state, one slice per concern: the fetched pages of the current query, the
// selection, the column choice, bulk actions, CSV export and push events. Each slice reads the
// others through the one store, so an action sees the query and selection as they are now.

export type RunsState = RunPages & RunSelection & RunColumnChoice & RunActions & RunsExport & RunEvents;

export const useRuns = create<RunsState>()((...a) => ({
  ...runPages(...a),
  ...runSelection(...a),
  ...runColumnChoice(...a),
  ...runActions(...a),
  ...runsExport(...a),
  ...runEvents(...a),
}));

/** Whether a run still changes (queued or running): its row ticks and takes progress events. */
export { isActive } from './runEvents';
