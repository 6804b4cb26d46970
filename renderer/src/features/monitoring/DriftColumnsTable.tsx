import type { MouseEvent } from 'react';
import { driftedFirst, describeScore, type ColumnDriftResult } from '../../lib/drift';

const TEST_NAMES: Record<string, string> = {
  ks: 'Kolmogorov–Smirnov',
  chisquare: 'chi-square',
  z: 'Z-test',
  wasserstein: 'Wasserstein (normed)',
  jensenshannon: 'Jensen–Shannon',
  psi: 'PSI',
};

/** One row per tested column, drifted ones first; the name links to its overlay chart. */
export function DriftColumnsTable({ columns }: { columns: ColumnDriftResult[] }) {
  return (
    <div className="table-scroll card" tabIndex={0}>
      <table className="data-table" data-testid="drift-table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th>Test</th>
            <th className="num">Score</th>
            <th className="num">Threshold</th>
            <th>Drift</th>
          </tr>
        </thead>
        <tbody>
          {driftedFirst(columns).map((c) => (
            <tr key={c.name} data-testid={`drift-row-${c.name}`} data-drifted={String(c.drifted)}>
              <td className="col-name">
                <a href={`#drift-chart-${c.name}`} onClick={(e) => jumpTo(e, c.name)}>
                  {c.name}
                </a>
              </td>
              <td>{c.columnType}</td>
              <td title={c.test}>{TEST_NAMES[c.test] ?? c.test}</td>
              <td className="num mono">{describeScore(c)}</td>
              <td className="num mono">{c.threshold}</td>
              <td>
                <span className={c.drifted ? 'drift-badge drifted' : 'drift-badge'}>{c.drifted ? 'drifted' : 'stable'}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The app routes on the hash, so an in-page anchor must scroll without touching it.
function jumpTo(e: MouseEvent, column: string) {
  e.preventDefault();
  document.getElementById(`drift-chart-${column}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
}
