import { useState, type CSSProperties } from 'react';
import type { ConfusionReport } from '../../../../shared/api/calls/evaluation';

/** How many row indices a clicked cell lists; the rest are counted, not shown. */
const ROWS_SHOWN = 50;

/**
 * True classes down, predicted across. A cell's shade is its share of the true class's rows, so a
 * rare class's errors stand out as much as a common one's. Clicking a cell lists its data rows.
 */
export function ConfusionMatrix({ confusion }: { confusion: ConfusionReport }) {
  const [picked, setPicked] = useState<[number, number] | null>(null);
  const rowTotals = confusion.matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const rows = picked ? (confusion.rows[picked[0]]?.[picked[1]] ?? []) : [];
  return (
    <section className="card">
      <h2>Confusion matrix</h2>
      <div className="table-scroll" tabIndex={0}>
        <table className="confusion-grid" data-testid="confusion-matrix">
          <thead>
            <tr>
              <th className="muted">true ↓ / predicted →</th>
              {confusion.labels.map((l) => (
                <th key={l}>{l}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {confusion.matrix.map((row, i) => (
              <tr key={confusion.labels[i]}>
                <th>{confusion.labels[i]}</th>
                {row.map((count, j) => {
                  const share = rowTotals[i] ? count / rowTotals[i] : 0;
                  const isPicked = picked?.[0] === i && picked[1] === j;
                  return (
                    <td key={j}>
                      <button
                        type="button"
                        className={`confusion-cell${i === j ? ' diagonal' : ''}${isPicked ? ' picked' : ''}`}
                        data-testid={`confusion-cell-${i}-${j}`}
                        data-count={count}
                        title={`${count} rows of ${confusion.labels[i]} predicted as ${confusion.labels[j]} (${(share * 100).toFixed(1)}% of the class)`}
                        style={{ '--share': share.toFixed(3) } as CSSProperties}
                        onClick={() => setPicked(isPicked ? null : [i, j])}
                      >
                        {count}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {picked && (
        <div className="confusion-rows" data-testid="confusion-rows" data-count={rows.length}>
          <p>
            <strong>
              {confusion.labels[picked[0]]} → {confusion.labels[picked[1]]}
            </strong>
            : {rows.length} rows{rows.length > ROWS_SHOWN ? `, the first ${ROWS_SHOWN}` : ''} (0-based row indices in the evaluated data)
          </p>
          {rows.length > 0 && <p className="mono">{rows.slice(0, ROWS_SHOWN).join(', ')}</p>}
        </div>
      )}
    </section>
  );
}
