import { describe, expect, it } from 'vitest';
import {
  boxFromCorners,
  clampBox,
  fitScale,
  hitBox,
  hitHandle,
  moveBox,
  resizeBox,
  roundBox,
  toImage,
  toScreen,
} from '../../renderer/src/features/labeling/boxGeometry';

const view = { left: 100, top: 50, scale: 4 };
const box = { label: 'cat', x: 10, y: 20, w: 30, h: 40 };

describe('box geometry', () => {
  it('converts between screen and image pixels both ways', () => {
    expect(toImage({ x: 140, y: 130 }, view)).toEqual({ x: 10, y: 20 });
    expect(toScreen({ x: 10, y: 20 }, view)).toEqual({ x: 140, y: 130 });
    const p = { x: 123.5, y: 77.25 };
    const back = toScreen(toImage(p, view), view);
    expect(back.x).toBeCloseTo(p.x, 9);
    expect(back.y).toBeCloseTo(p.y, 9);
  });

  it('fits the image to the stage, scaling small images up', () => {
    expect(fitScale({ width: 8, height: 8 }, { width: 800, height: 600 })).toBe(75);
    expect(fitScale({ width: 1000, height: 500 }, { width: 500, height: 500 })).toBe(0.5);
    expect(fitScale({ width: 0, height: 5 }, { width: 500, height: 500 })).toBe(1);
  });

  it('draws a box from corners in any order, clamped to the image', () => {
    expect(boxFromCorners({ x: 50, y: 60 }, { x: 10, y: 20 }, 'a', 100, 100)).toEqual({ label: 'a', x: 10, y: 20, w: 40, h: 40 });
    expect(boxFromCorners({ x: -10, y: 90 }, { x: 30, y: 130 }, 'a', 100, 100)).toEqual({ label: 'a', x: 0, y: 90, w: 30, h: 10 });
    expect(clampBox({ label: 'a', x: 90, y: -5, w: 20, h: 10 }, 100, 100)).toEqual({ label: 'a', x: 90, y: 0, w: 10, h: 5 });
  });

  it('moves a box and slides it along the edges instead of shrinking it', () => {
    expect(moveBox(box, 5, -5, 100, 100)).toEqual({ ...box, x: 15, y: 15 });
    expect(moveBox(box, 500, -500, 100, 100)).toEqual({ ...box, x: 70, y: 0 });
  });

  it('resizes by corner and edge handles, flipping past the opposite side', () => {
    expect(resizeBox(box, 'se', { x: 50, y: 70 }, 100, 100)).toEqual({ ...box, w: 40, h: 50 });
    expect(resizeBox(box, 'n', { x: 999, y: 10 }, 100, 100)).toEqual({ ...box, y: 10, h: 50 });
    expect(resizeBox(box, 'w', { x: 50, y: 0 }, 100, 100)).toEqual({ ...box, x: 40, w: 10 });
    expect(resizeBox(box, 'nw', { x: -20, y: -20 }, 100, 100)).toEqual({ ...box, x: 0, y: 0, w: 40, h: 60 });
  });

  it('hits handles before boxes, corners before edges, and the smallest of nested boxes', () => {
    expect(hitHandle(box, { x: 11, y: 21 }, 2)).toBe('nw');
    expect(hitHandle(box, { x: 25, y: 60 }, 2)).toBe('s');
    expect(hitHandle(box, { x: 25, y: 40 }, 2)).toBeNull();
    const boxes = [{ label: 'a', x: 0, y: 0, w: 100, h: 100 }, box, { label: 'b', x: 80, y: 80, w: 10, h: 10 }];
    expect(hitBox(boxes, { x: 15, y: 25 })).toBe(1);
    expect(hitBox(boxes, { x: 5, y: 5 })).toBe(0);
    expect(hitBox(boxes, { x: 85, y: 85 })).toBe(2);
    expect(hitBox(boxes, { x: 150, y: 5 })).toBe(-1);
  });

  it('rounds stored numbers to hundredths of a pixel', () => {
    expect(roundBox({ label: 'a', x: 1 / 3, y: 2 / 3, w: 10.005001, h: 7 })).toEqual({ label: 'a', x: 0.33, y: 0.67, w: 10.01, h: 7 });
  });
});
