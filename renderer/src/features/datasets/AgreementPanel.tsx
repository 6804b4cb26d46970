import type { AgreementReport } from '../../../../shared/labeling/types';
import { ErrorNotice } from '../../components/Notice';
import { formatCoefficient, formatShare, plural } from './datasetFormat';
import type { Slot } from './datasetDetailStore';
import { queueHref } from './datasetLinks';
import { StatTile } from './StatTile';

/** How far labelers agree on the items several of them labeled, overall, per labeler and per class. */
export function AgreementPanel({ datasetId, agreement }: { datasetId: number; agreement: Slot<AgreementReport> }) {
  const a = agreement.value;
  return (
    <section className="card dataset-panel" data-testid="agreement-panel">
      <h2>Agreement</h2>
      {agreement.error && <ErrorNotice message={agreement.error} />}
      {a && a.multiplyLabeled === 0 && (
        <p className="muted" data-testid="agreement-empty">
          No item has labels from two labelers yet{a.labelers.length ? ` (labelers: ${a.labelers.join(', ')})` : ''}.
        </p>
      )}
      {a && a.multiplyLabeled > 0 && (
        <>
          <p className="muted">
            {plural(a.multiplyLabeled, 'item')} labeled by two or more of {plural(a.labelers.length, 'labeler')}
          </p>
          <div className="dataset-stat-row">
            <StatTile label="percent agreement" value={formatShare(a.percentAgreement)} testId="agreement-percent" raw={a.percentAgreement} />
            <StatTile
              label={a.labelers.length === 2 ? "Cohen's kappa" : "Cohen's kappa (two labelers only)"}
              value={formatCoefficient(a.cohenKappa)}
              testId="agreement-cohen"
              raw={a.cohenKappa}
            />
            <StatTile label="Fleiss' kappa" value={formatCoefficient(a.fleissKappa)} testId="agreement-fleiss" raw={a.fleissKappa} />
            <StatTile label="Krippendorff's alpha" value={formatCoefficient(a.krippendorffAlpha)} testId="agreement-alpha" raw={a.krippendorffAlpha} />
          </div>
          <div className="dataset-side-by-side">
            <div className="table-scroll" tabIndex={0}>
              <table className="data-table dataset-compact-table" data-testid="agreement-labelers">
                <thead>
                  <tr>
                    <th>Labeler</th>
                    <th className="num">Items</th>
                    <th className="num" title="Share of the labeler's items that match the consensus label">
                      With consensus
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {a.perLabeler.map((l) => (
                    <tr key={l.labeler} data-testid={`agreement-labeler-${l.labeler}`} data-value={l.agreementWithConsensus ?? ''}>
                      <td>{l.labeler}</td>
                      <td className="num">{l.items.toLocaleString()}</td>
                      <td className="num">{formatShare(l.agreementWithConsensus)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="table-scroll" tabIndex={0}>
              <table className="data-table dataset-compact-table" data-testid="agreement-classes">
                <thead>
                  <tr>
                    <th>Class</th>
                    <th className="num">Labels</th>
                    <th className="num">Kappa</th>
                  </tr>
                </thead>
                <tbody>
                  {a.perClass.map((c) => (
                    <tr key={c.label} data-testid={`agreement-class-${c.label}`} data-value={c.kappa ?? ''}>
                      <td>{c.label}</td>
                      <td className="num">{c.count.toLocaleString()}</td>
                      <td className="num">{formatCoefficient(c.kappa)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <p data-testid="agreement-ties" data-count={a.ties.length}>
            {a.ties.length === 0 ? (
              <span className="muted">No ties: every item with several labels has a majority.</span>
            ) : (
              <>
                {plural(a.ties.length, 'item')} with a tied majority need a review.{' '}
                <a className="btn btn-small" href={queueHref(datasetId, 'disagreement')} data-testid="open-disagreements">
                  Open disagreements
                </a>
              </>
            )}
          </p>
        </>
      )}
    </section>
  );
}
