import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState } from 'react';
import type { RunSummary } from '../../../../shared/domain';
import { ProgressBar } from '../../components/ProgressBar';
import { StarToggle } from '../../components/StarToggle';
import { StatusBadge } from '../../components/StatusBadge';
import { routeHref } from '../../lib/route';
import { columnDef, formatCell, nonFiniteNote, type ColumnDef } from './columns';
import type { RunsSort } from './runsStore';

const ROW_HEIGHT = 36;

/** Always-there columns (besides the checkbox): they make a row recognisable. */
const FIXED: ColumnDef[] = [
  { key: 'starred', label: '★', title: 'Starred', numeric: false, width: 38 },
  { key: 'status', label: 'Status', title: 'Status', numeric: false, width: 120 },
  { key: 'name', label: 'Name', title: 'Name', numeric: false, width: 220 },
];

interface Props {
  /** Changes with the filter, sort or scope: a new result list starts at its top. */
  queryKey: string;
  total: number;
  /** Changes whenever loaded rows change, so the memoized rows below re-read them. */
  rowAt(index: number): RunSummary | undefined;
  columns: string[];
  sort: RunsSort;
  onSort(field: string): void;
  selected: Record<string, unknown>;
  allLoadedSelected: boolean;
  onClickRow(index: number, run: RunSummary, shift: boolean): void;
  onToggleAll(): void;
  onStar(run: RunSummary, starred: boolean): void;
  onRange(first: number, last: number): void;
  now: number;
}

/**
 * A virtualized table: only the rows in view (plus overscan) are in the DOM, with spacer rows
 * above and below standing in for the rest, so scrolling 10,000 runs stays smooth. Rows that
 * aren't fetched yet show a placeholder until their page lands.
 */
export function RunsTable({ queryKey, total, rowAt, columns, sort, onSort, selected, allLoadedSelected, onClickRow, onToggleAll, onStar, onRange, now }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Finished rows format dates against a fixed "now", so the ticking clock re-renders live rows only.
  const [openedAt] = useState(Date.now);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (last >= first) onRange(first, last);
  }, [first, last, onRange]);

  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [queryKey, virtualizer]);

  const defs = [...FIXED, ...columns.map(columnDef)];
  const width = 40 + defs.reduce((sum, d) => sum + d.width, 0);
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  return (
    <div className="table-scroll runs-scroll" ref={scrollRef}>
      <table className="data-table runs-table" data-testid="runs-table" style={{ width, minWidth: '100%' }} aria-rowcount={total + 1}>
        <colgroup>
          <col style={{ width: 40 }} />
          {defs.map((d) => (
            <col key={d.key} style={{ width: d.width }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th className="col-check">
              <input type="checkbox" aria-label="Select all loaded runs" checked={allLoadedSelected} onChange={onToggleAll} />
            </th>
            {defs.map((col) => (
              <SortHeader key={col.key} col={col} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && <tr className="spacer" style={{ height: padTop }} aria-hidden />}
          {items.map((item) => {
            const run = rowAt(item.index);
            return run ? (
              <RunRow key={run.id} index={item.index} run={run} columns={columns} checked={run.id in selected} onClick={onClickRow} onStar={onStar} now={run.status === 'running' || run.status === 'queued' ? now : openedAt} />
            ) : (
              <tr key={`pending-${item.index}`} className="row-pending" style={{ height: ROW_HEIGHT }}>
                <td colSpan={defs.length + 1} className="muted">
                  Loading…
                </td>
              </tr>
            );
          })}
          {padBottom > 0 && <tr className="spacer" style={{ height: padBottom }} aria-hidden />}
        </tbody>
      </table>
    </div>
  );
}

function SortHeader({ col, sort, onSort }: { col: ColumnDef; sort: RunsSort; onSort(field: string): void }) {
  const active = sort.field === col.key;
  return (
    <th
      className={col.numeric ? 'num sortable' : 'sortable'}
      title={col.title}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      data-testid={`sort-${col.key}`}
    >
      <button type="button" className="th-button" onClick={() => onSort(col.key)}>
        {col.label}
        <span className="sort-mark">{active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
      </button>
    </th>
  );
}

interface RowProps {
  index: number;
  run: RunSummary;
  columns: string[];
  checked: boolean;
  onClick(index: number, run: RunSummary, shift: boolean): void;
  onStar(run: RunSummary, starred: boolean): void;
  now: number;
}

// Memoized: scrolling re-renders the table every frame, but a row only when its run changes.
const RunRow = memo(function RunRow({ index, run, columns, checked, onClick, onStar, now }: RowProps) {
  return (
    <tr data-testid={`run-row-${run.id}`} data-status={run.status} data-index={index} className={checked ? 'selected' : undefined} style={{ height: ROW_HEIGHT }}>
      <td className="col-check">
        <input
          type="checkbox"
          aria-label={`Select ${run.name || run.id}`}
          checked={checked}
          // The change event of a checkbox is its click: shiftKey says "select the range".
          onChange={(e) => onClick(index, run, (e.nativeEvent as MouseEvent).shiftKey === true)}
        />
      </td>
      <td className="col-star">
        <StarToggle runId={run.id} starred={run.starred} onToggle={(on) => onStar(run, on)} />
      </td>
      <td className="col-status">
        <StatusBadge status={run.status} />
        {run.status === 'running' && <ProgressBar progress={run.progress} compact />}
      </td>
      <td className="col-name" title={run.name}>
        <a href={routeHref({ name: 'run', runId: run.id })}>{run.name || run.id}</a>
        {run.archived && <span className="chip muted">archived</span>}
      </td>
      {columns.map((key) => {
        const skipped = nonFiniteNote(run, key);
        return (
          <td key={key} className={columnDef(key).numeric ? 'num' : undefined}>
            {formatCell(run, key, now)}
            {skipped && (
              <span className="nonfinite-mark" title={skipped} aria-label={skipped} data-testid="nonfinite-mark">
                *
              </span>
            )}
          </td>
        );
      })}
    </tr>
  );
});
