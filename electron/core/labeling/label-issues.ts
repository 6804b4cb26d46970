import type { QualityFinding } from '../../../shared/quality/report';
import type { Db } from '../store/database';

/** The version's likely label errors (found by labels.findErrors) as a quality finding, worst label first. */
export function labelErrorFinding(db: Db, versionId: number): QualityFinding | null {
  const issues = db.prepare('SELECT position, given, suggested FROM label_issues WHERE version_id = ? ORDER BY quality, position').all(versionId) as {
    position: number;
    given: string;
    suggested: string;
  }[];
  if (issues.length === 0) return null;
  const first = issues[0];
  return {
    kind: 'label_errors',
    severity: 'warning',
    message: `${issues.length} labels look wrong by confident learning on out-of-fold predictions (worst: row ${first.position} is "${first.given}", the models say "${first.suggested}")`,
    rows: issues.slice(0, 1000).map((i) => i.position),
  };
}

/** How many likely label errors are recorded for the version. */
export function labelIssueCount(db: Db, versionId: number): number {
  return db.prepare('SELECT COUNT(*) FROM label_issues WHERE version_id = ?').pluck().get(versionId) as number;
}
