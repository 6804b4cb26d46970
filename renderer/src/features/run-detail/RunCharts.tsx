import { useMemo } from 'react';
import { LineChart, type ChartLine } from '../../components/LineChart';
import { epochFamilies, isBatchKey, type CurvesByKey } from '../../lib/series';

const TRAIN_COLOR = '#56b4e9';
const VAL_COLOR = '#e69f00';
const NO_POINTS: number[] = [];
const BATCH_COLORS = ['#8fd694', '#cc79a7', '#f0e442'];

/** One chart per metric family (train + val overlaid) by epoch, then one for batch-level keys. */
export function RunCharts({ curves, showBatch }: { curves: CurvesByKey; showBatch: boolean }) {
  const keys = Object.keys(curves);
  const families = epochFamilies(keys);
  const batchKeys = keys.filter(isBatchKey).sort((a, b) => (a === 'batch/loss' ? -1 : b === 'batch/loss' ? 1 : a.localeCompare(b)));
  const batchCountKey = batchKeys.includes('batch/loss') ? 'batch/loss' : (batchKeys[0] ?? 'batch/loss');

  return (
    <div className="chart-grid">
      {families.map((family) => (
        <FamilyChart key={family} family={family} curves={curves} />
      ))}
      {(showBatch || batchKeys.length > 0) && <BatchChart keys={batchKeys.length ? batchKeys : ['batch/loss']} countKey={batchCountKey} curves={curves} />}
    </div>
  );
}

function FamilyChart({ family, curves }: { family: string; curves: CurvesByKey }) {
  const train = curves[family];
  const val = curves[`val_${family}`];
  const lines = useMemo<ChartLine[]>(() => {
    // A val line only where the run logs one (no validation split, no val_*): no empty legend entry.
    const out: ChartLine[] = [{ id: family, label: family, color: TRAIN_COLOR, steps: train?.steps ?? NO_POINTS, values: train?.values ?? NO_POINTS }];
    if (val) out.push({ id: `val_${family}`, label: `val_${family}`, color: VAL_COLOR, steps: val.steps, values: val.values, dashed: true });
    return out;
  }, [family, train, val]);
  return <LineChart title={family} testId={`chart-${family}`} lines={lines} countLineIds={[family]} xLabel="epoch" />;
}

function BatchChart({ keys, countKey, curves }: { keys: string[]; countKey: string; curves: CurvesByKey }) {
  // LineChart skips redrawing when none of these arrays changed identity, so no memo needed here.
  const lines: ChartLine[] = keys.map((k, i) => ({
    id: k,
    label: k,
    color: BATCH_COLORS[i % BATCH_COLORS.length],
    steps: curves[k]?.steps ?? NO_POINTS,
    values: curves[k]?.values ?? NO_POINTS,
  }));
  return <LineChart title="per batch" testId={`chart-${countKey}`} lines={lines} countLineIds={[countKey]} xLabel="batch" />;
}
