import { useState, type FormEvent } from 'react';
import type { SplitSummary } from '../../../../shared/api/calls/datasets';
import { ErrorNotice } from '../../components/Notice';
import { formatShare } from './datasetFormat';
import { useDatasetDetail, type Slot } from './datasetDetailStore';

const PARTS = ['train', 'validation', 'test'] as const;

/** The stored train/validation/test split of the latest version, and a form to (re)make it. */
export function SplitsPanel({ version, splits }: { version: number; splits: Slot<SplitSummary> }) {
  const makeSplit = useDatasetDetail((s) => s.makeSplit);
  const [validation, setValidation] = useState('0.15');
  const [test, setTest] = useState('0.15');
  const [seed, setSeed] = useState('42');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const split = splits.value;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await makeSplit({ validation: Number(validation), test: Number(test), seed: Number(seed) });
    setBusy(false);
    if (!r.ok) setError(r.message);
  };

  const total = split ? PARTS.reduce((n, p) => n + split.counts[p], 0) : 0;
  return (
    <section className="card dataset-panel" data-testid="splits-panel">
      <h2>Split of v{version}</h2>
      {splits.error && <ErrorNotice message={splits.error} />}
      {splits.loaded && !split && !splits.error && (
        <p className="muted" data-testid="no-split">
          No split stored with this version yet.
        </p>
      )}
      {split && (
        <>
          <p className="muted">
            validation {formatShare(split.validation)}, test {formatShare(split.test)}, seed {split.seed}; stratified by class
          </p>
          <div className="table-scroll" tabIndex={0}>
            <table className="data-table dataset-compact-table" data-testid="split-table">
              <thead>
                <tr>
                  <th>Class</th>
                  {PARTS.map((p) => (
                    <th key={p} className="num">
                      {p}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr
                  className="dataset-total-row"
                  data-testid="split-counts"
                  data-train={split.counts.train}
                  data-validation={split.counts.validation}
                  data-test={split.counts.test}
                >
                  <td>all ({total.toLocaleString()})</td>
                  {PARTS.map((p) => (
                    <td key={p} className="num">
                      {split.counts[p].toLocaleString()}
                    </td>
                  ))}
                </tr>
                {Object.entries(split.byClass ?? {}).map(([label, counts]) => (
                  <tr key={label} data-testid={`split-class-${label}`}>
                    <td>{label}</td>
                    {PARTS.map((p) => (
                      <td key={p} className="num">
                        {(counts[p] ?? 0).toLocaleString()}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <form className="inline-form dataset-split-form" data-testid="split-form" onSubmit={onSubmit}>
        <label>
          validation
          <input
            data-testid="split-validation"
            type="number"
            min={0}
            max={0.9}
            step={0.01}
            value={validation}
            onChange={(e) => setValidation(e.target.value)}
            required
          />
        </label>
        <label>
          test
          <input data-testid="split-test" type="number" min={0} max={0.9} step={0.01} value={test} onChange={(e) => setTest(e.target.value)} required />
        </label>
        <label>
          seed
          <input data-testid="split-seed" type="number" min={0} step={1} value={seed} onChange={(e) => setSeed(e.target.value)} required />
        </label>
        <button type="submit" className="btn" data-testid="make-split" disabled={busy}>
          {busy ? 'Splitting…' : split ? 'Split again' : 'Make split'}
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert" data-testid="split-error">
          {error}
        </p>
      )}
    </section>
  );
}
