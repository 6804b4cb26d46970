import { useEffect, useState } from 'react';
import type { VersionDiffResult } from '../../../../shared/api/calls/datasets';
import { ErrorNotice } from '../../components/Notice';
import { useDatasetDetail, type DatasetDetail } from './datasetDetailStore';
import { StatTile } from './StatTile';

/** Rows added, removed and relabeled between two chosen versions, with samples of each. */
export function VersionDiff({ detail }: { detail: DatasetDetail }) {
  const diff = useDatasetDetail((s) => s.diff);
  const numbers = detail.versions.map((v) => v.version).sort((a, b) => a - b);
  const latest = numbers[numbers.length - 1];
  const [from, setFrom] = useState(numbers.length > 1 ? numbers[numbers.length - 2] : latest);
  const [to, setTo] = useState(latest);
  const [result, setResult] = useState<VersionDiffResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setError(null);
    void diff(from, to).then((r) => {
      if (!current) return;
      if (r.ok) setResult(r.value);
      else setError(r.message);
    });
    return () => {
      current = false;
    };
  }, [diff, from, to, detail.latest.version]);

  const select = (id: string, value: number, onChange: (v: number) => void) => (
    <select id={id} data-testid={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {numbers.map((n) => (
        <option key={n} value={n}>
          v{n}
        </option>
      ))}
    </select>
  );

  return (
    <section className="card dataset-panel" data-testid="version-diff">
      <div className="card-header">
        <h2>Compare versions</h2>
        <div className="inline-controls">
          <label htmlFor="diff-from">from</label>
          {select('diff-from', from, setFrom)}
          <label htmlFor="diff-to">to</label>
          {select('diff-to', to, setTo)}
        </div>
      </div>
      {error && <ErrorNotice message={error} />}
      {result && result.from === from && result.to === to && (
        <>
          <div className="dataset-stat-row" data-testid="diff-counts" data-added={result.added} data-removed={result.removed} data-relabeled={result.relabeled}>
            <StatTile label="added" value={result.added} />
            <StatTile label="removed" value={result.removed} />
            <StatTile label="relabeled" value={result.relabeled} />
            <StatTile label="unchanged" value={result.unchanged} />
          </div>
          {result.samples.added.length > 0 && (
            <p>
              <span className="muted">Added rows (positions in v{to}): </span>
              <span className="mono">{result.samples.added.join(', ')}</span>
            </p>
          )}
          {result.samples.relabeled.length > 0 && (
            <table className="data-table dataset-compact-table" data-testid="diff-relabeled">
              <thead>
                <tr>
                  <th className="num">Position</th>
                  <th>v{from} label</th>
                  <th>v{to} label</th>
                </tr>
              </thead>
              <tbody>
                {result.samples.relabeled.map((r) => (
                  <tr key={r.position}>
                    <td className="num">{r.position}</td>
                    <td>{r.from ?? '—'}</td>
                    <td>{r.to ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {from === to && <p className="muted">Pick two different versions to see what changed.</p>}
        </>
      )}
    </section>
  );
}
