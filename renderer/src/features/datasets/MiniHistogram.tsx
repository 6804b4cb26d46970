/** A sparkline of bin counts for a table cell: dozens of columns would be too many chart.js canvases. */
export function MiniHistogram({ counts, title }: { counts: readonly number[]; title: string }) {
  const max = Math.max(0, ...counts);
  if (counts.length === 0 || max === 0) return <span className="muted">—</span>;
  const width = 120;
  const height = 28;
  const bar = width / counts.length;
  return (
    <svg className="mini-histogram" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {counts.map((c, i) => {
        const h = (c / max) * height;
        return <rect key={i} x={i * bar + 0.5} y={height - h} width={Math.max(bar - 1, 0.5)} height={h} />;
      })}
    </svg>
  );
}
