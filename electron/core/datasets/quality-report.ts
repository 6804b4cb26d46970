import type { DatasetVersionInfo } from '../../../shared/domain';
import { profileColumn, type Cell, type ColumnProfile } from '../../../shared/quality/column-profile';
import { classBalance, duplicateGroups } from '../../../shared/quality/duplicates';
import type { QualityFinding, QualityReport } from '../../../shared/quality/report';
import type { BlobStore } from '../files/blob-store';
import { labelErrorFinding } from '../labeling/label-issues';
import type { DatasetService } from './dataset-service';
import { nearDuplicatePairs, perceptualHash } from './image-hash';

// Resized or re-encoded copies land within a few bits; distinct pictures differ by about half of 64.
const NEAR_DUPLICATE_BITS = 4;

/** What is wrong with a dataset version: missing values, duplicates, conflicting labels, imbalance, outliers, likely label errors. */
export async function qualityReport(datasets: DatasetService, blobs: BlobStore, v: DatasetVersionInfo): Promise<QualityReport> {
  const labels: (string | null)[] = [];
  // What makes two rows duplicates: a table row's item (items are content-addressed), an image's bytes.
  const keys: (number | string)[] = [];
  const findings: QualityFinding[] = [];
  let columns: ColumnProfile[] = [];
  let nearDuplicates: QualityReport['nearDuplicates'] = [];

  if (v.kind === 'tabular') {
    const features = v.columns.filter((c) => c.name !== v.labelColumn);
    // Column by column, rows streamed from the store: a million rows held as objects took gigabytes.
    const values: Cell[][] = features.map(() => []);
    for (const item of datasets.repo.iterateItems(v.id)) {
      const cells = JSON.parse(item.data ?? '[]') as Cell[];
      for (let c = 0; c < features.length; c++) values[c].push(cells[c] ?? null);
      labels.push(item.label);
      keys.push(item.itemId);
    }
    columns = features.map((c, ci) => profileColumn(c.name, c.type, values[ci]));
    if (v.labelColumn) columns.push(profileColumn(v.labelColumn, 'categorical', labels));
    for (const [ci, col] of columns.entries()) {
      if (col.missing > 0) {
        findings.push({
          kind: 'missing',
          severity: col.missingShare > 0.2 ? 'warning' : 'info',
          message: `${col.name}: ${col.missing} missing (${(col.missingShare * 100).toFixed(1)}%)`,
          rows: rowsWhere(ci < features.length ? values[ci] : labels, (x) => x === null),
        });
      }
      if (col.distinct === 1 && col.count > 1)
        findings.push({ kind: 'constant_column', severity: 'info', message: `${col.name} has one value only: it carries no information`, rows: [] });
      if (col.numeric && col.numeric.outliers.count > 0) {
        findings.push({
          kind: 'outliers',
          severity: 'info',
          message: `${col.name}: ${col.numeric.outliers.count} values outside [${fmt(col.numeric.outliers.low)}, ${fmt(col.numeric.outliers.high)}] (1.5 IQR)`,
          rows: col.numeric.outliers.rows,
        });
      }
    }
  } else {
    const items = datasets.repo.items(v.id);
    for (const item of items) {
      labels.push(item.label);
      keys.push(item.fileHash ?? '');
    }
    columns = [profileColumn('label', 'categorical', labels)];
    // An image stored before imports decoded every pixel may be damaged: it becomes a finding, not a failed report.
    const readable: number[] = [];
    const hashes: [number, number][] = [];
    const unreadable: { row: number; error: string }[] = [];
    for (const [row, item] of items.entries()) {
      try {
        hashes.push(await perceptualHash(blobs.pathOf(item.fileHash!)));
        readable.push(row);
      } catch (err) {
        unreadable.push({ row, error: `${item.name ?? item.fileHash}: ${(err as Error).message}` });
      }
    }
    if (unreadable.length) {
      const shown = unreadable
        .slice(0, 3)
        .map((u) => u.error)
        .join('; ');
      findings.push({
        kind: 'unreadable_images',
        severity: 'error',
        message: `${count(unreadable.length, 'image')} cannot be decoded (${shown}${unreadable.length > 3 ? '; …' : ''}); training on this version fails until they are removed`,
        rows: unreadable.map((u) => u.row).slice(0, 1000),
      });
    }
    nearDuplicates = nearDuplicatePairs(
      hashes,
      readable.map((r) => items[r].fileHash!),
      NEAR_DUPLICATE_BITS,
    ).map((p) => ({ ...p, a: readable[p.a], b: readable[p.b] }));
    if (nearDuplicates.length) {
      findings.push({
        kind: 'near_duplicates',
        severity: 'warning',
        message: `${count(nearDuplicates.length, 'pair')} of images look alike (perceptual hash within ${NEAR_DUPLICATE_BITS} bits)`,
        rows: [...new Set(nearDuplicates.flatMap((p) => [p.a, p.b]))].slice(0, 1000),
      });
    }
  }

  // Exact duplicates: the same content (a row's values, or an image's bytes).
  const duplicates = duplicateGroups(keys, labels);
  const conflicting = duplicates.filter((g) => g.conflicting);
  if (duplicates.length)
    findings.push({
      kind: 'duplicates',
      severity: 'warning',
      message: `${count(
        duplicates.reduce((n, g) => n + g.rows.length - 1, 0),
        'row',
      )} repeating earlier ones (${count(duplicates.length, 'group')})`,
      rows: duplicates.flatMap((g) => g.rows).slice(0, 1000),
    });
  if (conflicting.length)
    findings.push({
      kind: 'conflicting_labels',
      severity: 'error',
      message: `${count(conflicting.length, 'group')} of identical inputs with different labels`,
      rows: conflicting.flatMap((g) => g.rows).slice(0, 1000),
    });

  const balance = v.labelColumn ? classBalance(labels) : null;
  if (balance?.imbalanced) {
    const small = balance.counts[balance.counts.length - 1];
    findings.push({
      kind: 'class_imbalance',
      severity: 'warning',
      message: `Classes are imbalanced ${balance.imbalanceRatio.toFixed(1)}:1 (smallest: ${small.label}, ${small.count} rows)`,
      rows: rowsWhere(labels, (l) => l === small.label),
    });
  }
  const labelErrors = labelErrorFinding(datasets.db, v.id);
  if (labelErrors) findings.push(labelErrors);
  const order = { error: 0, warning: 1, info: 2 };
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  return {
    dataset: datasets.repo.datasetName(v.datasetId),
    version: v.version,
    kind: v.kind,
    rows: labels.length,
    columns,
    duplicates,
    nearDuplicates,
    classBalance: balance,
    findings,
  };
}

/** The first 1,000 rows whose value matches. */
function rowsWhere<T>(values: readonly T[], match: (value: T) => boolean): number[] {
  const rows: number[] = [];
  for (let i = 0; i < values.length && rows.length < 1000; i++) if (match(values[i])) rows.push(i);
  return rows;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}
