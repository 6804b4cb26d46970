import { useEffect, useState, type FormEvent } from 'react';
import type { RunDetail } from '../../../../shared/domain';
import { api } from '../../api';
import { useConnection } from '../../api/connection';
import { ModelPicker } from '../../components/ModelPicker';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { routeHref } from '../../lib/route';
import { EVAL_SPLITS } from '../../../../shared/api/calls/evaluation';
import { CSV_CHOICE, chosenSplit, sensitiveCandidates, type EvalForm } from './evaluationRequest';
import { useEvaluation } from './evaluationStore';

const OUTCOMES = [
  ['tp', 'True positive'],
  ['fp', 'False positive'],
  ['tn', 'True negative'],
  ['fn', 'False negative'],
] as const;

/** The evaluation form: model, labelled data, gates, sensitive columns, positive class, outcome values. */
export function NewEvaluationView({ runId }: { runId: string | null }) {
  const { choices, choicesLoaded, loadError, form, running, error, prepare, setForm, loadSplit, run } = useEvaluation();
  const resyncs = useConnection((s) => s.resyncs);
  const [trainedOn, setTrainedOn] = useState<RunDetail | null>(null);

  useEffect(() => {
    let stale = false;
    void (async () => {
      // The run's training data is the default; a missing run still leaves the form usable.
      const runInfo = runId ? await api.call('runs.get', { id: runId }).catch(() => null) : null;
      if (stale) return;
      setTrainedOn(runInfo);
      await prepare(runId, runInfo ? { datasetName: runInfo.datasetName, version: runInfo.datasetVersion } : null);
    })();
    return () => {
      stale = true;
    };
  }, [runId, prepare, resyncs]);

  const chosen = choices.find((c) => c.key === form.data);
  const candidates = sensitiveCandidates(chosen);
  const split = chosenSplit(form, chosen);

  useEffect(() => {
    if (form.data && form.data !== CSV_CHOICE) void loadSplit(form.data);
  }, [form.data, loadSplit]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run().then((id) => {
      if (id !== null) window.location.hash = routeHref({ name: 'evaluation', evaluationId: id });
    });
  };
  const toggleSensitive = (column: string, on: boolean) =>
    setForm({ sensitive: on ? [...form.sensitive, column] : form.sensitive.filter((c) => c !== column) });
  const setValue = (k: keyof EvalForm['values'], v: string) => setForm({ values: { ...form.values, [k]: v } });

  return (
    <section className="view">
      <header className="view-header">
        <div>
          <h1>Evaluate a model</h1>
          <p className="muted">
            Metrics, slices, fairness and business value on labelled data, checked against quality gates.
            {trainedOn && (
              <>
                {' '}
                Run <a href={routeHref({ name: 'run', runId: trainedOn.id })}>{trainedOn.name || trainedOn.id}</a>.
              </>
            )}
          </p>
        </div>
      </header>
      {loadError && <ErrorNotice message={loadError} onRetry={() => void prepare(runId, null)} />}
      {!choicesLoaded && <Loading what="datasets" />}
      {choicesLoaded && !loadError && (
        <form className="card evaluation-form" data-testid="evaluation-form" onSubmit={onSubmit}>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="eval-model">Model</label>
              <ModelPicker id="eval-model" testId="eval-model" value={form.model} onChange={(c) => setForm({ model: c?.ref ?? '' })} />
            </div>
            <div className="field">
              <label htmlFor="eval-dataset">Data</label>
              <select id="eval-dataset" data-testid="eval-dataset" value={form.data} onChange={(e) => setForm({ data: e.target.value })}>
                {choices.map((c) => (
                  <option key={c.key} value={c.key} disabled={!c.labelColumn}>
                    {c.label} ({c.rows} rows{c.labelColumn ? '' : ', no labels'})
                  </option>
                ))}
                <option value={CSV_CHOICE}>A CSV file…</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="eval-split">Rows</label>
              <select
                id="eval-split"
                data-testid="eval-split"
                value={form.data === CSV_CHOICE ? 'all' : split}
                disabled={form.data === CSV_CHOICE || chosen?.split === undefined}
                onChange={(e) => setForm({ split: e.target.value as EvalForm['split'] })}
              >
                {EVAL_SPLITS.map((s) => (
                  <option key={s} value={s} disabled={s !== 'all' && !chosen?.split}>
                    {s === 'all' ? 'All rows' : `${s[0].toUpperCase()}${s.slice(1)} part`}
                    {s !== 'all' && chosen?.split ? ` (${chosen.split[s]} rows)` : ''}
                  </option>
                ))}
              </select>
              {form.data !== CSV_CHOICE && chosen?.split === null && (
                <span className="field-hint" data-testid="eval-split-hint">
                  No stored split: every row is evaluated, the ones the model trained on too. Split the dataset on its page to hold out a test part.
                </span>
              )}
              {split === 'train' && <span className="field-hint">The model trained on these rows: the result can't make it champion.</span>}
            </div>
            <div className="field field-wide">
              <label htmlFor="eval-path">CSV path</label>
              <input
                id="eval-path"
                data-testid="eval-path"
                value={form.dataPath}
                placeholder="/data/holdout.csv, holding the label column (read on the machine running Cairn)"
                // Typing a path means evaluating that file, so the picker follows.
                onChange={(e) => setForm({ dataPath: e.target.value, ...(e.target.value.trim() ? { data: CSV_CHOICE } : {}) })}
              />
            </div>
            <div className="field field-wide">
              <label htmlFor="eval-gates">Quality gates, one per line</label>
              <textarea
                id="eval-gates"
                data-testid="eval-gates"
                className="mono"
                rows={4}
                value={form.gatesText}
                placeholder={'accuracy >= 0.9\nrecall[malignant] >= 0.95\ndemographic_parity_difference[sex] <= 0.1'}
                onChange={(e) => setForm({ gatesText: e.target.value })}
              />
              <label className="checkbox-label">
                <input type="checkbox" data-testid="eval-save-gates" checked={form.saveGates} onChange={(e) => setForm({ saveGates: e.target.checked })} /> Save
                as the project's gates
              </label>
            </div>
            <fieldset className="field field-wide eval-sensitive">
              <legend>Sensitive columns (fairness by group)</legend>
              {form.data === CSV_CHOICE && (
                <span className="field-hint">Columns of a CSV file aren't known before it is read; pick a dataset to choose them.</span>
              )}
              {form.data !== CSV_CHOICE && candidates.length === 0 && <span className="field-hint">No column with 2–20 groups.</span>}
              <div className="checkbox-row">
                {candidates.map((c) => (
                  <label key={c.name} className="checkbox-label">
                    <input
                      type="checkbox"
                      data-testid={`eval-sensitive-${c.name}`}
                      checked={form.sensitive.includes(c.name)}
                      onChange={(e) => toggleSensitive(c.name, e.target.checked)}
                    />{' '}
                    {c.name} <span className="muted">({c.distinct})</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="field">
              <label htmlFor="eval-positive">Positive class</label>
              <select id="eval-positive" data-testid="eval-positive" value={form.positive} onChange={(e) => setForm({ positive: e.target.value })}>
                <option value="">default (binary: the second class)</option>
                {(chosen?.classes ?? []).map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            {OUTCOMES.map(([k, label]) => (
              <div className="field" key={k}>
                <label htmlFor={`eval-value-${k}`}>{label} value</label>
                <input
                  id={`eval-value-${k}`}
                  data-testid={`eval-value-${k}`}
                  type="number"
                  step="any"
                  value={form.values[k]}
                  placeholder="0"
                  onChange={(e) => setValue(k, e.target.value)}
                />
              </div>
            ))}
          </div>
          {error && (
            <p className="field-error" role="alert" data-testid="evaluation-error">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" data-testid="run-evaluation" disabled={running}>
              {running ? 'Evaluating…' : 'Run evaluation'}
            </button>
          </div>
        </form>
      )}
      {choicesLoaded && !loadError && choices.length === 0 && (
        <EmptyState title="No tabular datasets yet">
          <p>Import labelled data, or type the path of a CSV file above.</p>
        </EmptyState>
      )}
    </section>
  );
}
