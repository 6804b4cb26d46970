import { useEffect, useState } from 'react';
import type { AssistRun } from '../../../../shared/api/calls/labeling-assist';
import type { RunProgress } from '../../../../shared/domain';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { ErrorNotice } from '../../components/Notice';
import { ProgressBar } from '../../components/ProgressBar';
import { useDatasetDetail } from './datasetDetailStore';
import { queueHref } from './datasetLinks';
import { foldProgress, runChoiceLabel } from './modelAssist';

type Outcome = { ok: true; text: string; href: string; linkText: string } | { ok: false; text: string };

/**
 * Model-assisted labeling: a finished run's predictions as suggestions (the workspace's Enter
 * accepts one, the "most uncertain" queue orders by them), and likely label errors from
 * out-of-fold probabilities of models trained with the run's configuration. Only runs that fit
 * the dataset can be picked; the others are listed disabled with the reason.
 */
export function ModelAssistPanel({ datasetId }: { datasetId: number }) {
  const loadLabeling = useDatasetDetail((s) => s.loadLabeling);
  const [runs, setRuns] = useState<AssistRun[] | null>(null);
  const [runId, setRunId] = useState('');
  const [folds, setFolds] = useState('5');
  const [busy, setBusy] = useState<'suggest' | 'errors' | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [foldRun, setFoldRun] = useState<RunProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    let live = true;
    void api.call('labels.assistRuns', { datasetId }).then(
      (all) => {
        if (!live) return;
        setRuns(all);
        setRunId((current) => (all.some((r) => r.eligible && r.run.id === current) ? current : (all.find((r) => r.eligible)?.run.id ?? '')));
      },
      (err) => live && setOutcome({ ok: false, text: errorMessage(err) }),
    );
    const off = api.on('labels.findErrorsProgress', (p) => {
      if (p.datasetId !== datasetId) return;
      setProgress(foldProgress(p));
      setFoldRun(p.progress);
    });
    return () => {
      live = false;
      off();
    };
  }, [datasetId]);

  const suggest = async () => {
    setBusy('suggest');
    setOutcome(null);
    try {
      const r = await api.call('labels.suggest', { datasetId, runId });
      setOutcome({
        ok: true,
        text: `${r.suggested.toLocaleString()} items have a suggestion.`,
        href: queueHref(datasetId, 'uncertain'),
        linkText: 'Label the most uncertain first',
      });
      void loadLabeling();
    } catch (err) {
      setOutcome({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  const findErrors = async () => {
    setBusy('errors');
    setOutcome(null);
    setProgress('Starting…');
    setFoldRun(null);
    try {
      const r = await api.call('labels.findErrors', { datasetId, runId, folds: Number(folds) });
      setOutcome({
        ok: true,
        text: `${r.issues.toLocaleString()} likely label errors among ${r.checked.toLocaleString()} labeled items (${r.folds} folds, ${r.epochs} epochs, ${r.seconds.toFixed(1)} s).`,
        href: queueHref(datasetId, 'errors'),
        linkText: 'Review them',
      });
      void loadLabeling();
    } catch (err) {
      setOutcome({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  const stop = () => void api.call('labels.cancelFindErrors', { datasetId });
  const usable = runs?.filter((r) => r.eligible) ?? [];
  const unfit = runs?.filter((r) => !r.eligible) ?? [];
  const chosen = usable.find((r) => r.run.id === runId);

  return (
    <section className="card dataset-panel" data-testid="model-assist">
      <div className="card-header">
        <h2>Model assist</h2>
      </div>
      {runs !== null && runs.length === 0 && (
        <p className="muted">No finished runs yet: train a model, then use it to suggest labels and find likely label errors.</p>
      )}
      {runs !== null && runs.length > 0 && usable.length === 0 && (
        <p className="muted" data-testid="assist-none-fit">
          None of the finished runs fits this dataset: train one on it, or on data with the same inputs and classes of this label set.
        </p>
      )}
      {runs !== null && runs.length > 0 && (
        <div className="form-grid">
          <div className="field field-wide">
            <label htmlFor="assist-run">Run</label>
            <select id="assist-run" data-testid="assist-run" value={runId} disabled={busy !== null} onChange={(e) => setRunId(e.target.value)}>
              {usable.length === 0 && <option value="">No run fits</option>}
              {usable.map((r) => (
                <option key={r.run.id} value={r.run.id}>
                  {runChoiceLabel(r.run)}
                </option>
              ))}
              {unfit.length > 0 && (
                <optgroup label="Can't assist with this dataset">
                  {unfit.map((r) => (
                    <option key={r.run.id} value={r.run.id} disabled data-testid="assist-run-unfit" title={r.reason ?? undefined}>
                      {runChoiceLabel(r.run)}: {r.reason}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </div>
          <div className="field">
            <label htmlFor="assist-folds">Folds</label>
            <input
              id="assist-folds"
              data-testid="assist-folds"
              type="number"
              min={2}
              max={10}
              value={folds}
              disabled={busy !== null}
              onChange={(e) => setFolds(e.target.value)}
            />
          </div>
        </div>
      )}
      {chosen && (
        <p className="muted" data-testid="assist-reuses">
          Finding label errors and retraining reuse its settings: {chosen.reuses}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" data-testid="assist-suggest" disabled={!runId || busy !== null} onClick={() => void suggest()}>
          {busy === 'suggest' ? 'Predicting…' : 'Suggest labels'}
        </button>
        <button type="button" className="btn" data-testid="assist-find-errors" disabled={!runId || busy !== null} onClick={() => void findErrors()}>
          {busy === 'errors' ? 'Finding…' : 'Find label errors'}
        </button>
        {busy === 'errors' && (
          <button type="button" className="btn btn-small" data-testid="assist-stop" onClick={stop}>
            Stop
          </button>
        )}
      </div>
      {busy === 'errors' && progress && (
        <div data-testid="assist-progress">
          <p className="muted">{progress}</p>
          <ProgressBar progress={foldRun} />
        </div>
      )}
      {outcome && !outcome.ok && <ErrorNotice message={outcome.text} />}
      {outcome && outcome.ok && (
        <p data-testid="assist-outcome">
          {outcome.text}{' '}
          <a href={outcome.href} data-testid="assist-open-queue">
            {outcome.linkText}
          </a>
        </p>
      )}
    </section>
  );
}
