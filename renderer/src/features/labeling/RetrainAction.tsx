import { useEffect, useState } from 'react';
import type { AssistRun } from '../../../../shared/api/calls/labeling-assist';
import type { LabelingSession } from '../../../../shared/labeling-client/session';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { useLabeling } from './labelingStore';

/**
 * "Commit & retrain": a new version with the labels, and a run with an earlier run's
 * configuration trained on it. The run is the one whose suggestions are shown, else the latest
 * finished run on this dataset; either only if it still fits the dataset (its classes in the label
 * set, its inputs here). Without one there is nothing to retrain.
 */
export function RetrainAction({ session }: { session: LabelingSession }) {
  const datasetName = useLabeling((s) => s.datasetName);
  const suggestionsFrom = useLabeling((s) => s.status?.suggestionsFrom ?? null);
  const loadStatus = useLabeling((s) => s.loadStatus);
  const [runs, setRuns] = useState<AssistRun[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ version: number; runId: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!datasetName) return;
    let live = true;
    api.call('labels.assistRuns', { datasetId: session.datasetId }).then(
      (all) => live && setRuns(all.filter((r) => r.eligible)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [datasetName, session.datasetId]);

  const runId = runs.find((r) => r.run.id === suggestionsFrom)?.run.id ?? runs.find((r) => r.run.datasetName === datasetName)?.run.id ?? null;
  if (!runId) return null;

  const retrain = async () => {
    setBusy(true);
    setError(null);
    try {
      await session.settled();
      if (session.failed) throw new Error('A label could not be saved: retry or discard it first');
      setResult(await api.call('labels.retrain', { datasetId: session.datasetId, runId }));
      await loadStatus();
    } catch (err) {
      setError(errorMessage(err));
    }
    setBusy(false);
  };

  return (
    <>
      {error && <span className="label-save-state failed">{error}</span>}
      {result && (
        <span data-testid="retrain-result">
          v{result.version} training in <a href={`#/runs/${encodeURIComponent(result.runId)}`}>run {result.runId.slice(0, 8)}</a>
        </span>
      )}
      <button
        type="button"
        className="btn btn-small"
        data-testid="commit-retrain"
        disabled={busy}
        title={`Save a version and train it like run ${runId}`}
        onClick={() => void retrain()}
      >
        {busy ? 'Starting…' : 'Commit & retrain'}
      </button>
    </>
  );
}
