import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1400, height: 900 };
/** Below this the sidebar and a table no longer fit side by side. */
export const MIN_SIZE = { width: 800, height: 560 };
/** How much of the window must lie on some display to be put back where it was (title bar included). */
const MIN_VISIBLE = 100;

const rectSchema = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() });
const stateSchema = z.object({ bounds: rectSchema, maximized: z.boolean() });

/** The saved state, or null for none, an unreadable file, or one from another version: the window then opens at its default. */
export function parseWindowState(text: string | null): WindowState | null {
  if (text === null) return null;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Where the window opens: where it was, on the display it mostly covered, shrunk and moved to fit
 * that display's work area; or, when that display is gone (unplugged, resolution changed) or
 * nothing was saved, at the default size centred on the primary display.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[], primary: Rect): WindowState {
  let best: Rect | null = null;
  let bestArea = 0;
  if (saved) {
    for (const area of workAreas) {
      const o = overlap(saved.bounds, area);
      if (o.width >= MIN_VISIBLE && o.height >= MIN_VISIBLE && o.width * o.height > bestArea) {
        best = area;
        bestArea = o.width * o.height;
      }
    }
  }
  if (!saved || !best) {
    const width = Math.min(DEFAULT_SIZE.width, primary.width);
    const height = Math.min(DEFAULT_SIZE.height, primary.height);
    const bounds = { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height };
    return { bounds, maximized: saved?.maximized ?? false };
  }
  const width = Math.min(Math.max(saved.bounds.width, MIN_SIZE.width), best.width);
  const height = Math.min(Math.max(saved.bounds.height, MIN_SIZE.height), best.height);
  const x = Math.min(Math.max(saved.bounds.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(saved.bounds.y, best.y), best.y + best.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

export function windowStatePath(dataDir: string): string {
  return path.join(dataDir, 'window-state.json');
}

export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Best effort: a read-only or full data folder costs the next start its placement, nothing more. */
export function writeWindowState(file: string, state: WindowState): void {
  try {
    fs.writeFileSync(file, JSON.stringify(state));
  } catch (err) {
    console.error(`cairn: could not remember the window's placement: ${(err as Error).message}`);
  }
}
