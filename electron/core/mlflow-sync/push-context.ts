import type { Services } from '../services';
import type { LocalRunDeps } from './local-runs';
import type { MlflowClient } from './mlflow-client';
import type { SyncState } from './sync-state';

export type PushDeps = LocalRunDeps & Pick<Services, 'runs'>;

export interface PlannedRun {
  id: string;
  name: string;
  experiment: string;
  action: 'create' | 'update';
  metrics: number;
  artifacts: number;
}

export interface PushSummary {
  to: string;
  dryRun: boolean;
  runs: { created: number; updated: number; unchanged: number };
  /** Metric points sent (or, in a dry run, that would be). */
  metrics: number;
  artifacts: number;
  models: { registered: number; versions: number; aliases: number };
  retries: number;
  /** What a dry run would change; empty after a real push. */
  planned: PlannedRun[];
  warnings: string[];
}

export interface PushContext {
  deps: PushDeps;
  client: MlflowClient;
  state: SyncState;
  summary: PushSummary;
  warn(message: string): void;
  /** Remote run id and artifact URI per local run pushed in this call. */
  remoteRuns: Map<string, { runId: string; artifactUri: string }>;
}
