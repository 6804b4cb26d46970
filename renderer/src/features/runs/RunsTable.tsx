import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { RunSummary } from '../../../../shared/domain';
import { ProgressBar } from '../../components/ProgressBar';
import { StarToggle } from '../../components/StarToggle';
import { StatusBadge } from '../../components/StatusBadge';
import { routeHref } from '../../lib/route';
import { columnDef, formatCell, nonFiniteNote, type ColumnDef } from './columns';
import { ROW_HEIGHT, type Density } from './density';
import { RowMenu, type RowMenuAt } from './RowMenu';
import type { RunsSort } from './runPages';
import { OriginChip } from '../../components/OriginChip';

const CHECK_WIDTH = 36;

/** Always-there columns (besides the checkbox): they make a row recognisable. */
const FIXED: ColumnDef[] = [
  { key: 'starred', label: '★', title: 'Starred', numeric: false, width: 32 },
  { key: 'name', label: 'Name', title: 'Name', numeric: false, width: 210 },
  { key: 'status', label: 'Status', title: 'Status', numeric: false, width: 112 },
];

/**
 * Checkbox, star and name stay put while the other columns scroll sideways: their left offsets.
 * The name is the row's identity, and the checkbox must stay next to it to select what you read.
 */
const STICKY_LEFT: Record<string, number> = { check: 0, starred: CHECK_WIDTH, name: CHECK_WIDTH + FIXED[0].width };
const STICKY_EDGE = 'name';

function stickyProps(key: string, className?: string): { className?: string; style?: { left: number } } {
  if (!(key in STICKY_LEFT)) return { className };
  const classes = [className, 'sticky-col', key === STICKY_EDGE ? 'sticky-edge' : ''].filter(Boolean).join(' ');
  return { className: classes, style: { left: STICKY_LEFT[key] } };
}

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
  density: Density;
}

/**
 * A virtualized table: only the rows in view (plus overscan) are in the DOM, with spacer rows
 * above and below standing in for the rest, so scrolling 10,000 runs stays smooth. Rows that
 * aren't fetched yet show a placeholder until their page lands.
 */
export function RunsTable({
  queryKey,
  total,
  rowAt,
  columns,
  sort,
  onSort,
  selected,
  allLoadedSelected,
  onClickRow,
  onToggleAll,
  onStar,
  onRange,
  now,
  density,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Finished rows format dates against a fixed "now", so the ticking clock re-renders live rows only.
  const [openedAt] = useState(Date.now);
  const [menu, setMenu] = useState<RowMenuAt | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  const rowHeight = ROW_HEIGHT[density];
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const edges = useScrollEdges(scrollRef);

  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);
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
  const width = CHECK_WIDTH + defs.reduce((sum, d) => sum + d.width, 0);
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const openMenu = useCallback((run: RunSummary, button: HTMLElement) => {
    setMenu((m) => (m?.run.id === run.id ? null : { run, anchor: button }));
  }, []);

  return (
    // The frame carries the scroll-edge shadows: the scroller's own pseudo-elements would scroll away with it.
    <div className="runs-frame" data-scrolled-x={edges.left ? 'true' : 'false'} data-more-right={edges.right ? 'true' : 'false'} data-testid="runs-frame">
      <div className="table-scroll runs-scroll" ref={scrollRef}>
        <table
          className={`data-table runs-table density-${density}`}
          data-testid="runs-table"
          data-density={density}
          style={{ width, minWidth: '100%' }}
          aria-rowcount={total + 1}
        >
          <colgroup>
            <col style={{ width: CHECK_WIDTH }} />
            {defs.map((d) => (
              <col key={d.key} style={{ width: d.width }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th {...stickyProps('check', 'col-check')}>
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
                <RunRow
                  key={run.id}
                  index={item.index}
                  run={run}
                  columns={columns}
                  checked={run.id in selected}
                  height={rowHeight}
                  onClick={onClickRow}
                  onStar={onStar}
                  onMenu={openMenu}
                  now={run.status === 'running' || run.status === 'queued' ? now : openedAt}
                />
              ) : (
                <tr key={`pending-${item.index}`} className="row-pending" style={{ height: rowHeight }}>
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
      {menu && <RowMenu at={menu} onClose={closeMenu} />}
    </div>
  );
}

/** Whether the scroller has content hidden off its left and right edges, kept up to date on scroll and resize. */
function useScrollEdges(ref: RefObject<HTMLDivElement | null>): { left: boolean; right: boolean } {
  const [edges, setEdges] = useState({ left: false, right: false });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const left = el.scrollLeft > 0;
      // A pixel of slack: fractional widths leave scrollWidth a hair past clientWidth.
      const right = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
      setEdges((e) => (e.left === left && e.right === right ? e : { left, right }));
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => {
      el.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [ref]);
  return edges;
}

function SortHeader({ col, sort, onSort }: { col: ColumnDef; sort: RunsSort; onSort(field: string): void }) {
  const active = sort.field === col.key;
  return (
    <th
      {...stickyProps(col.key, col.numeric ? 'num sortable' : 'sortable')}
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
  height: number;
  onClick(index: number, run: RunSummary, shift: boolean): void;
  onStar(run: RunSummary, starred: boolean): void;
  onMenu(run: RunSummary, button: HTMLElement): void;
  now: number;
}

// Memoized: scrolling re-renders the table every frame, but a row only when its run changes.
const RunRow = memo(function RunRow({ index, run, columns, checked, height, onClick, onStar, onMenu, now }: RowProps) {
  const label = run.name || run.id;
  return (
    <tr data-testid={`run-row-${run.id}`} data-status={run.status} data-index={index} className={checked ? 'selected' : undefined} style={{ height }}>
      <td {...stickyProps('check', 'col-check')}>
        <input
          type="checkbox"
          aria-label={`Select ${run.name || run.id}`}
          checked={checked}
          // The change event of a checkbox is its click: shiftKey says "select the range".
          onChange={(e) => onClick(index, run, (e.nativeEvent as MouseEvent).shiftKey === true)}
        />
      </td>
      <td {...stickyProps('starred', 'col-star')}>
        <StarToggle runId={run.id} starred={run.starred} onToggle={(on) => onStar(run, on)} />
      </td>
      <td {...stickyProps('name', 'col-name')}>
        <div className="name-cell">
          <span className="cell-text" title={run.archived ? `${label} (archived)` : label}>
            <a href={routeHref({ name: 'run', runId: run.id })}>{label}</a>
            {run.archived && <span className="chip muted">archived</span>}
            <OriginChip origin={run.origin} />
          </span>
          <button
            type="button"
            className="row-menu-button"
            data-testid={`row-menu-${run.id}`}
            aria-haspopup="menu"
            aria-label={`Actions for ${label}`}
            title="Actions"
            onClick={(e) => onMenu(run, e.currentTarget)}
          >
            ⋯
          </button>
        </div>
      </td>
      <td className="col-status">
        <StatusBadge status={run.status} />
        {run.status === 'running' && <ProgressBar progress={run.progress} compact />}
      </td>
      {columns.map((key) => {
        const text = formatCell(run, key, now);
        const skipped = nonFiniteNote(run, key);
        // Values too long for their column are cut with an ellipsis; the tooltip has the whole value.
        return (
          <td key={key} className={columnDef(key).numeric ? 'num cell-text' : 'cell-text'} title={skipped ? `${text} (${skipped})` : text}>
            {text}
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
