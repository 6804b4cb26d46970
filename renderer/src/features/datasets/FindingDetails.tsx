import type { DuplicateGroup } from '../../../../shared/quality/duplicates';
import type { QualityReport } from '../../../../shared/quality/report';
import { PositionThumb } from './PositionThumb';

/** Pairs of look-alike images side by side, closest first. */
export function NearDuplicatePairs({ pairs, hashes }: { pairs: QualityReport['nearDuplicates']; hashes: Map<number, string> }) {
  return (
    <div className="finding-pairs" data-testid="near-duplicate-pairs">
      {pairs.map((p) => (
        <div key={`${p.a}-${p.b}`} className="finding-pair" title={`${p.distance} of 64 hash bits differ`}>
          <PositionThumb position={p.a} hash={hashes.get(p.a)} />
          <PositionThumb position={p.b} hash={hashes.get(p.b)} />
          <span className="muted">distance {p.distance}</span>
        </div>
      ))}
    </div>
  );
}

/** Groups of identical rows with the labels each copy carries, so conflicts read at a glance. */
export function DuplicateGroupList({ groups, hashes, testId }: { groups: DuplicateGroup[]; hashes: Map<number, string>; testId: string }) {
  return (
    <ul className="finding-groups" data-testid={testId}>
      {groups.map((g) => (
        <li key={g.rows.join(',')} className="finding-group" data-rows={g.rows.join(',')}>
          {hashes.size > 0 ? (
            g.rows.slice(0, 6).map((r, i) => <PositionThumb key={r} position={r} hash={hashes.get(r)} caption={g.labels[i] ?? 'unlabeled'} />)
          ) : (
            <span>
              rows <span className="mono">{g.rows.join(', ')}</span>
              {g.labels.some((l) => l !== null) && (
                <span className={g.conflicting ? 'finding-conflict' : 'muted'}> · labels {g.labels.map((l) => l ?? '—').join(' / ')}</span>
              )}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
