// Display formatting shared by tables, headers and charts.

export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return value.toExponential(2);
  return value.toFixed(4);
}

export function formatParam(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(+value.toPrecision(6));
  return String(value);
}

/** "1h 02m", "3m 05s", "12s": durations in tables and ETAs read at a glance. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

export function formatTimestamp(ms: number | null | undefined, now = Date.now()): string {
  if (!ms) return '—';
  const d = new Date(ms);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

/** The full date and time in the reader's zone and language, for tooltips and anywhere the short form is ambiguous. */
export function formatFullTimestamp(ms: number | null | undefined): string {
  if (!ms) return '—';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Wall time of a run: until now while it is still going. */
export function runDuration(run: { startedAt: number | null; endedAt: number | null }, now = Date.now()): number | null {
  if (!run.startedAt) return null;
  return (run.endedAt ?? now) - run.startedAt;
}

/**
 * Seconds since a run started, as clock-style elapsed time: "07:05" (mm:ss), or "1:02" (h:mm)
 * when the axis spans hours; `withSeconds` keeps ":ss" on those too (tooltips).
 */
export function formatElapsed(seconds: number, hours = seconds >= 3600, withSeconds = false): string {
  if (!Number.isFinite(seconds)) return '—';
  const sign = seconds < 0 ? '-' : '';
  const s = Math.round(Math.abs(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (!hours) return `${sign}${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
  const hm = `${sign}${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}`;
  return withSeconds ? `${hm}:${pad(s % 60)}` : hm;
}
