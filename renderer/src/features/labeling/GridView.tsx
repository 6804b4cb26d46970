import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import type { LabelingSession } from '../../../../shared/labeling-client/session';
import type { LabelSchema } from '../../../../shared/labeling/types';
import { ErrorNotice, Loading } from '../../components/Notice';
import { routeHref, type Route } from '../../lib/route';
import { navigate } from '../../lib/useRoute';
import { GridCell } from './GridCell';
import { LabelBar } from './LabelBar';
import { LabelFlash, useLabelFlash } from './LabelFlash';
import { clickSelect, EMPTY_SELECTION, marqueeSelect, rectFrom, selectAll, type GridLayout, type Selection } from './selection';
import { ShortcutList } from './ShortcutList';
import { useSession } from './useSession';
import { useWorkspaceKeys } from './useWorkspaceKeys';

/** Narrowest cell pitch: a 128 px thumbnail, its caption, and the gap; cells widen to fill the row. */
const CELL_W = 140;
const CELL_H = 168;
const PAD = 8;
/** A press that moves further than this starts a marquee. */
const MARQUEE_PX = 5;

interface Marquee {
  start: { x: number; y: number };
  end: { x: number; y: number };
  base: Selection;
  additive: boolean;
  active: boolean;
  index: number | null;
}

/**
 * Bulk labeling: every item of the queue as a thumbnail, rows virtualized so only the visible
 * ones are in the DOM and their entries are fetched as they scroll in. A class key labels the
 * whole selection in one save (one undo step).
 */
export function GridView({ session, schema, route }: { session: LabelingSession; schema: LabelSchema; route: Extract<Route, { name: 'labeling' }> }) {
  useSession(session);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [flash, showFlash] = useLabelFlash(schema.classes);
  const [marquee, setMarquee] = useState<Marquee | null>(null);
  const [labeledAt, setLabeledAt] = useState(Date.now);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const count = session.length ?? 0;
  const columns = Math.max(1, Math.floor((width - 2 * PAD) / CELL_W));
  // The row's leftover shared among its cells, so no strip of the grid stays empty.
  const pitch = Math.max(CELL_W, Math.floor((width - 2 * PAD) / columns));
  const rows = Math.ceil(count / columns);
  const layout: GridLayout = { columns, cellWidth: pitch, cellHeight: CELL_H, count };
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scrollRef.current, estimateSize: () => CELL_H, overscan: 2, paddingStart: PAD });
  const visible = virtualizer.getVirtualItems();
  const firstRow = visible[0]?.index ?? 0;
  const lastRow = visible.at(-1)?.index ?? -1;

  useEffect(() => {
    if (lastRow >= firstRow) session.ensureRange(firstRow * columns, (lastRow + 1) * columns);
  }, [session, firstRow, lastRow, columns, session.length]);

  const label = (name: string) => {
    if (schema.task === 'boxes') return;
    const indexes = [...selection.selected].sort((a, b) => a - b);
    if (indexes.length === 0) return;
    const now = Date.now();
    session.save(indexes, { labels: [name] }, { seconds: Math.min(86_400, (now - labeledAt) / 1000) });
    setLabeledAt(now);
    setSelection(EMPTY_SELECTION);
    showFlash(name, indexes.length);
  };

  useWorkspaceKeys('grid', schema.classes, (cmd) => {
    switch (cmd.kind) {
      case 'class':
        return label(cmd.name);
      case 'selectAll':
        return setSelection(selectAll(session.loadedIndexes()));
      case 'escape':
        return setSelection(EMPTY_SELECTION);
      case 'undo':
        return session.undo();
      case 'toggleGrid':
        return navigate(routeHref({ ...route, view: 'item' }));
    }
  });

  /** Pointer position in the grid's content (scrolled) coordinates, cells starting at 0. */
  const contentPoint = (e: PointerEvent) => {
    const el = scrollRef.current!;
    const r = el.getBoundingClientRect();
    return { x: e.clientX - r.left + el.scrollLeft - PAD, y: e.clientY - r.top + el.scrollTop - PAD };
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    const p = contentPoint(e);
    setMarquee({
      start: p,
      end: p,
      base: selection,
      additive: e.shiftKey || e.ctrlKey || e.metaKey,
      active: false,
      index: cell ? Number(cell.dataset.index) : null,
    });
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!marquee) return;
    const end = contentPoint(e);
    const active = marquee.active || Math.hypot(end.x - marquee.start.x, end.y - marquee.start.y) > MARQUEE_PX;
    // Captured only once it is a drag: a capture from the press would send double-clicks to the grid, not the cell.
    if (active && !marquee.active) e.currentTarget.setPointerCapture(e.pointerId);
    setMarquee({ ...marquee, end, active });
    if (active) setSelection(marqueeSelect(marquee.base, rectFrom(marquee.start, end), layout, marquee.additive));
  };

  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!marquee) return;
    setMarquee(null);
    if (marquee.active) return;
    if (marquee.index === null) {
      if (!marquee.additive) setSelection(EMPTY_SELECTION);
      return;
    }
    setSelection(clickSelect(selection, marquee.index, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }));
  };

  // Stable across renders, so the memoized cells re-render only when their own item changes.
  const routeRef = useRef(route);
  routeRef.current = route;
  const open = useCallback(
    (index: number) => {
      session.goTo(index);
      navigate(routeHref({ ...routeRef.current, view: 'item' }));
    },
    [session],
  );

  const box = marquee?.active ? rectFrom(marquee.start, marquee.end) : null;

  return (
    <div className="label-workspace" data-testid="grid-workspace">
      <div className="label-main">
        <LabelFlash flash={flash} />
        {session.loadError && <ErrorNotice message={session.loadError} onRetry={() => session.ensureRange(firstRow * columns, (lastRow + 1) * columns)} />}
        {session.length === null && !session.loadError && <Loading what="the queue" />}
        <div
          ref={scrollRef}
          className="label-grid-scroll"
          data-testid="grid"
          data-columns={columns}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setMarquee(null)}
        >
          <div className="label-grid-inner" style={{ height: virtualizer.getTotalSize() + PAD }}>
            {visible.map((row) => (
              <div
                key={row.key}
                className="label-grid-row"
                style={{ transform: `translateY(${row.start}px)`, left: PAD, ['--cell-pitch' as string]: `${pitch}px` }}
              >
                {Array.from({ length: Math.min(columns, count - row.index * columns) }, (_, c) => {
                  const index = row.index * columns + c;
                  const it = session.item(index);
                  return (
                    <GridCell
                      key={index}
                      index={index}
                      entry={it?.entry}
                      classes={schema.classes}
                      selected={selection.selected.has(index)}
                      saveState={it ? session.saveState(it.entry.itemId) : null}
                      onOpen={open}
                    />
                  );
                })}
              </div>
            ))}
            {box && <div className="label-marquee" data-testid="marquee" style={{ left: box.x + PAD, top: box.y + PAD, width: box.w, height: box.h }} />}
          </div>
        </div>
      </div>
      <aside className="label-side">
        <div className="label-progress" data-testid="grid-selection">
          {selection.selected.size} selected of {count}
        </div>
        {schema.task === 'boxes' ? (
          <p className="muted">Boxes are drawn in the item view: double-click an image.</p>
        ) : (
          <LabelBar classes={schema.classes} active={new Set()} onPick={label} title="Label the selection" />
        )}
        <ShortcutList mode="grid" task={schema.task} />
      </aside>
    </div>
  );
}
