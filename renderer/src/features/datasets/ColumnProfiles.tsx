import { useMemo, useState } from 'react';
import type { ColumnProfile } from '../../../../shared/quality/column-profile';
import { BarOverlayChart } from '../../components/BarOverlayChart';
import { formatShare, formatStat, histogramLabels } from './datasetFormat';
import { MiniHistogram } from './MiniHistogram';

/** Per-column profile; the chosen column's histogram (or top values) drawn large below. */
export function ColumnProfiles({ columns }: { columns: ColumnProfile[] }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const shown = columns.find((c) => c.name === chosen) ?? columns.find((c) => c.numeric) ?? columns[0];
  if (columns.length === 0) return <p className="muted">No columns to profile.</p>;
  return (
    <div className="column-profiles">
      <div className="table-scroll" tabIndex={0}>
        <table className="data-table dataset-compact-table" data-testid="column-profiles">
          <thead>
            <tr>
              <th>Column</th>
              <th>Type</th>
              <th className="num">Missing</th>
              <th className="num">Distinct</th>
              <th className="num">Min</th>
              <th className="num">Mean</th>
              <th className="num">Max</th>
              <th className="num" title="5%, 25%, 50%, 75%, 95%">
                Quantiles
              </th>
              <th>Distribution</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr
                key={c.name}
                data-testid={`column-profile-${c.name}`}
                data-type={c.type}
                data-missing={c.missing}
                className={c.name === shown?.name ? 'selected' : undefined}
              >
                <td className="col-name">
                  <button type="button" className="link-button" title="Show its chart" onClick={() => setChosen(c.name)}>
                    {c.name}
                  </button>
                </td>
                <td>{c.type}</td>
                <td className="num" title={`${c.missing} of ${c.count}`}>
                  {formatShare(c.missingShare)}
                </td>
                <td className="num">{c.distinct.toLocaleString()}</td>
                <td className="num">{formatStat(c.numeric?.min)}</td>
                <td className="num">{formatStat(c.numeric?.mean)}</td>
                <td className="num">{formatStat(c.numeric?.max)}</td>
                <td className="num mono dataset-quantiles">
                  {c.numeric?.quantiles?.length ? c.numeric.quantiles.map((q) => formatStat(q.value)).join(' · ') : '—'}
                </td>
                <td>{c.numeric ? <MiniHistogram counts={c.numeric.histogram?.counts ?? []} title={`${c.name} histogram`} /> : <TopValues top={c.top} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown && <ColumnChart column={shown} />}
    </div>
  );
}

function TopValues({ top }: { top: ColumnProfile['top'] }) {
  if (!top?.length) return <span className="muted">—</span>;
  const rest = top.length > 4 ? ', …' : '';
  return (
    <span className="ellipsis dataset-top-values" title={top.map((t) => `${t.value}: ${t.count}`).join('\n')}>
      {top
        .slice(0, 4)
        .map((t) => `${t.value} (${t.count})`)
        .join(', ')}
      {rest}
    </span>
  );
}

function ColumnChart({ column }: { column: ColumnProfile }) {
  const { labels, series, what } = useMemo(() => {
    const hist = column.numeric?.histogram;
    if (hist && hist.counts.length) {
      return { what: 'histogram', labels: histogramLabels(hist.edges), series: [{ label: 'rows', color: '#4ea1ff', values: hist.counts }] };
    }
    const top = column.top ?? [];
    return { what: 'top values', labels: top.map((t) => t.value), series: [{ label: 'rows', color: '#cc79a7', values: top.map((t) => t.count) }] };
  }, [column]);
  if (labels.length === 0) return null;
  return (
    <BarOverlayChart
      title={`${column.name}: ${what}`}
      testId="column-chart"
      labels={labels}
      series={series}
      yLabel="rows"
      attrs={{ 'data-column': column.name }}
    />
  );
}
