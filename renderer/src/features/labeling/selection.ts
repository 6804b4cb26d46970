// The grid's selection of item indexes, as in a file manager: click picks one, shift-click a
// range from the anchor, ctrl/cmd-click toggles one, a dragged rectangle picks what it touches.

export interface Selection {
  selected: ReadonlySet<number>;
  /** Where the next shift-click range starts. */
  anchor: number | null;
}

export const EMPTY_SELECTION: Selection = { selected: new Set(), anchor: null };

export function clickSelect(sel: Selection, index: number, mods: { shift: boolean; toggle: boolean }): Selection {
  if (mods.shift && sel.anchor !== null) {
    const from = Math.min(sel.anchor, index);
    const to = Math.max(sel.anchor, index);
    const selected = new Set(mods.toggle ? sel.selected : []);
    for (let i = from; i <= to; i++) selected.add(i);
    return { selected, anchor: sel.anchor };
  }
  if (mods.toggle) {
    const selected = new Set(sel.selected);
    if (selected.has(index)) selected.delete(index);
    else selected.add(index);
    return { selected, anchor: index };
  }
  return { selected: new Set([index]), anchor: index };
}

export interface GridLayout {
  columns: number;
  /** Cell pitch (cell plus gap) in pixels. */
  cellWidth: number;
  cellHeight: number;
  /** Items in the grid. */
  count: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Rectangle from two corners in any order. */
export function rectFrom(a: { x: number; y: number }, b: { x: number; y: number }): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) };
}

/** Indexes of the cells a rectangle (in the grid's content coordinates) overlaps. */
export function cellsInRect(rect: Rect, layout: GridLayout): number[] {
  if (layout.count === 0 || layout.columns === 0) return [];
  const col1 = Math.max(0, Math.floor(rect.x / layout.cellWidth));
  const col2 = Math.min(layout.columns - 1, Math.floor((rect.x + rect.w) / layout.cellWidth));
  const row1 = Math.max(0, Math.floor(rect.y / layout.cellHeight));
  const row2 = Math.min(Math.ceil(layout.count / layout.columns) - 1, Math.floor((rect.y + rect.h) / layout.cellHeight));
  const out: number[] = [];
  for (let r = row1; r <= row2; r++) {
    for (let c = col1; c <= col2; c++) {
      const i = r * layout.columns + c;
      if (i < layout.count) out.push(i);
    }
  }
  return out;
}

/** A marquee's result: replaces the selection, or adds to the one it started from (shift/ctrl held). */
export function marqueeSelect(base: Selection, rect: Rect, layout: GridLayout, additive: boolean): Selection {
  const hits = cellsInRect(rect, layout);
  const selected = new Set(additive ? base.selected : []);
  for (const i of hits) selected.add(i);
  return { selected, anchor: hits.length > 0 ? hits[0] : base.anchor };
}

export function selectAll(indexes: readonly number[]): Selection {
  return { selected: new Set(indexes), anchor: indexes[0] ?? null };
}
