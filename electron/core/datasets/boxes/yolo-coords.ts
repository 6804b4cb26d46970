import type { Box } from '../../../../shared/labeling/types';

/** YOLO's `cx cy w h`, normalized by the image size. */
export function toYolo(b: Box, width: number, height: number): [number, number, number, number] {
  return [(b.x + b.w / 2) / width, (b.y + b.h / 2) / height, b.w / width, b.h / height];
}

/**
 * The pixel box whose YOLO form is exactly the given numbers, where one exists a few ulps from
 * the plain inverse: so an exported folder imports and exports again to the same text.
 */
export function fromYolo(label: string, cx: number, cy: number, wn: number, hn: number, width: number, height: number): Box {
  const w = solve(wn * width, (v) => v / width, wn);
  const h = solve(hn * height, (v) => v / height, hn);
  const x = solve(cx * width - w / 2, (v) => (v + w / 2) / width, cx);
  const y = solve(cy * height - h / 2, (v) => (v + h / 2) / height, cy);
  return { label, x, y, w, h };
}

const MAX_STEPS = 16;

// f grows with v, so walk from the guess towards the target one representable number at a time.
function solve(guess: number, f: (v: number) => number, target: number): number {
  let v = guess;
  for (let i = 0; i < MAX_STEPS; i++) {
    const got = f(v);
    if (got === target) return v;
    const next = nextAfter(v, got < target);
    if (f(next) < target !== got < target && f(next) !== target) return guess;
    v = next;
  }
  return guess;
}

const view = new DataView(new ArrayBuffer(8));

/** The neighbouring double above (up) or below. */
function nextAfter(v: number, up: boolean): number {
  if (v === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  view.setFloat64(0, v);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, v > 0 === up ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}
