/** A number with its caption, in the rows of figures across the dataset page's panels. */
export function StatTile({ label, value, testId, raw }: { label: string; value: string | number; testId?: string; raw?: number | null }) {
  return (
    <div className="dataset-stat" data-testid={testId} data-value={raw === undefined ? undefined : (raw ?? '')}>
      <div className="dataset-stat-value">{typeof value === 'number' ? value.toLocaleString() : value}</div>
      <div className="muted">{label}</div>
    </div>
  );
}
