import { useMemo } from 'react';
import type { DisparityPair, FairnessColumnReport } from '../../../../shared/api/calls/evaluation';
import { BarOverlayChart, type BarSeries } from '../../components/BarOverlayChart';
import { RUN_COLORS } from '../../lib/colors';
import { formatMetric } from '../../lib/format';

const CONSTRAINTS: Record<string, string> = {
  demographic_parity: 'demographic parity',
  true_positive_rate_parity: 'true positive rate parity',
  equalized_odds: 'equalized odds',
};

/** One block per sensitive column: groups, disparities, the four-fifths rule, and the mitigation. */
export function FairnessSection({ fairness }: { fairness: FairnessColumnReport[] }) {
  if (fairness.length === 0) return null;
  return (
    <section className="fairness-section">
      <h2>Fairness</h2>
      {fairness.map((f) => (
        <FairnessColumn key={f.column} report={f} />
      ))}
    </section>
  );
}

function FairnessColumn({ report: f }: { report: FairnessColumnReport }) {
  return (
    <section className="card fairness-column" data-testid={`fairness-${f.column}`}>
      <div className="card-header">
        <h2>
          By <span className="mono">{f.column}</span>
        </h2>
        <span className={f.fourFifths.passes ? 'pass-badge' : 'pass-badge failed'} data-testid="four-fifths" data-passes={String(f.fourFifths.passes)}>
          four-fifths rule {f.fourFifths.passes ? 'holds' : 'violated'} (ratio {formatMetric(f.fourFifths.ratio)})
        </span>
      </div>
      <p className="muted">
        Positive class <strong>{f.positiveClass}</strong>.
        {f.fourFifths.adverselyImpacted.length > 0 && <> Adversely impacted: {f.fourFifths.adverselyImpacted.join(', ')}.</>}
      </p>
      <div className="fairness-tables">
        <GroupsTable report={f} />
        <DisparityTable report={f} />
      </div>
      <MitigationComparison report={f} />
    </section>
  );
}

function GroupsTable({ report: f }: { report: FairnessColumnReport }) {
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="data-table" data-testid="fairness-groups">
        <thead>
          <tr>
            <th>Group</th>
            <th className="num">Rows</th>
            <th className="num">Selection rate</th>
            <th className="num">TPR</th>
            <th className="num">FPR</th>
            <th className="num">Accuracy</th>
          </tr>
        </thead>
        <tbody>
          {f.groups.map((g) => (
            <tr key={g.group} data-testid={`fairness-group-${g.group}`}>
              <td className="col-name">{g.group}</td>
              <td className="num mono">{g.count}</td>
              <td className="num mono">{formatMetric(g.selectionRate)}</td>
              <td className="num mono">{formatMetric(g.truePositiveRate)}</td>
              <td className="num mono">{formatMetric(g.falsePositiveRate)}</td>
              <td className="num mono">{formatMetric(g.accuracy)}</td>
            </tr>
          ))}
          <tr className="muted">
            <td>overall</td>
            <td className="num mono">{f.overall.count}</td>
            <td className="num mono">{formatMetric(f.overall.selectionRate)}</td>
            <td className="num mono">{formatMetric(f.overall.truePositiveRate)}</td>
            <td className="num mono">{formatMetric(f.overall.falsePositiveRate)}</td>
            <td className="num mono">{formatMetric(f.overall.accuracy)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** Fairlearn's two methods side by side: the spread between groups, and the worst gap to overall. */
function DisparityTable({ report: f }: { report: FairnessColumnReport }) {
  const rows: [string, string, DisparityPair][] = [
    ['fairness-dp-difference', 'Demographic parity difference', f.demographicParityDifference],
    ['fairness-dp-ratio', 'Demographic parity ratio', f.demographicParityRatio],
    ['fairness-eo-difference', 'Equalized odds difference', f.equalizedOddsDifference],
    ['fairness-eo-ratio', 'Equalized odds ratio', f.equalizedOddsRatio],
    ['fairness-eop-difference', 'Equal opportunity difference', f.equalOpportunityDifference],
    ['fairness-eop-ratio', 'Equal opportunity ratio', f.equalOpportunityRatio],
  ];
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="data-table" data-testid="fairness-disparities">
        <thead>
          <tr>
            <th>Disparity</th>
            <th className="num">Between groups</th>
            <th className="num">To overall</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([testId, label, pair]) => (
            <tr key={testId} data-testid={testId} data-value={String(pair.between_groups)} data-to-overall={String(pair.to_overall)}>
              <td>{label}</td>
              <td className="num mono">{formatMetric(pair.between_groups)}</td>
              <td className="num mono">{formatMetric(pair.to_overall)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per-group thresholds next to the model as it is: what fairness costs in accuracy, and what it buys. */
function MitigationComparison({ report: f }: { report: FairnessColumnReport }) {
  const m = f.mitigation;
  const labels = useMemo(() => m.before.selectionRates.map((r) => r.group), [m]);
  const series = useMemo<BarSeries[]>(() => {
    const after = new Map(m.after.selectionRates.map((r) => [r.group, r.selectionRate]));
    return [
      { label: 'unmitigated', color: RUN_COLORS[0], values: m.before.selectionRates.map((r) => r.selectionRate) },
      { label: 'per-group thresholds', color: RUN_COLORS[2], values: labels.map((g) => after.get(g) ?? 0) },
    ];
  }, [m, labels]);
  return (
    <div className="mitigation" data-testid={`mitigation-${f.column}`} data-feasible={String(m.feasible)}>
      <h3>
        Mitigation: per-group thresholds for {CONSTRAINTS[m.constraint] ?? m.constraint} (tolerance {m.tolerance})
      </h3>
      {!m.feasible && <p className="field-error">No thresholds bring the disparity within the tolerance; the closest found are shown.</p>}
      <div className="fairness-tables">
        <div className="table-scroll" tabIndex={0}>
          <table className="data-table" data-testid="mitigation-compare">
            <thead>
              <tr>
                <th />
                <th className="num">Unmitigated</th>
                <th className="num">Mitigated</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>Accuracy</td>
                <td className="num mono">{formatMetric(m.before.accuracy)}</td>
                <td className="num mono">{formatMetric(m.after.accuracy)}</td>
              </tr>
              <tr>
                <td>Disparity</td>
                <td className="num mono">{formatMetric(m.before.disparity)}</td>
                <td className="num mono">{formatMetric(m.after.disparity)}</td>
              </tr>
              <tr>
                <td>DP difference</td>
                <td className="num mono">{formatMetric(m.before.demographicParityDifference)}</td>
                <td className="num mono">{formatMetric(m.after.demographicParityDifference)}</td>
              </tr>
            </tbody>
          </table>
          <table className="data-table" data-testid="mitigation-thresholds">
            <thead>
              <tr>
                <th>Group</th>
                <th className="num">Threshold</th>
              </tr>
            </thead>
            <tbody>
              {m.thresholds.map((t) => (
                <tr key={t.group}>
                  <td>{t.group}</td>
                  <td className="num mono">{typeof t.threshold === 'number' && Number.isFinite(t.threshold) ? t.threshold.toFixed(3) : 'never positive'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <BarOverlayChart
          title="Selection rate by group"
          testId={`mitigation-chart-${f.column}`}
          labels={labels}
          series={series}
          yLabel="selection rate"
          asPercent
        />
      </div>
    </div>
  );
}
