import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunProgress, RunSummary } from '../../shared/domain';
import { jobsFraction } from '../../shared/runs/progress';
import { CoreEvents } from '../../electron/core/events';
import { IMPORT_SILENCE_MS, trackJobProgress } from '../../electron/main/job-progress';
import { DEFAULT_SIZE, MIN_SIZE, parseWindowState, placeWindow, type Rect } from '../../electron/main/window-state';
import { LONG_JOB_MS, RunEnds, shouldNotify } from '../../renderer/src/lib/notifyPolicy';
import { parsePreferences } from '../../renderer/src/lib/preferences';
import { resolveTheme } from '../../renderer/src/lib/theme';

describe('job notifications', () => {
  const long = { startedAt: 1_000, endedAt: 1_000 + LONG_JOB_MS + 1 };
  it('notify for a long job that ended while the window was in the background', () => {
    expect(shouldNotify(long, { enabled: true, focused: false })).toBe(true);
  });
  it('stay quiet when the window has focus, the setting is off, the job was short or never started', () => {
    expect(shouldNotify(long, { enabled: true, focused: true })).toBe(false);
    expect(shouldNotify(long, { enabled: false, focused: false })).toBe(false);
    expect(shouldNotify({ startedAt: 1_000, endedAt: 1_000 + LONG_JOB_MS }, { enabled: true, focused: false })).toBe(false);
    expect(shouldNotify({ startedAt: null, endedAt: 50_000 }, { enabled: true, focused: false })).toBe(false);
    expect(shouldNotify({ startedAt: 1_000, endedAt: null }, { enabled: true, focused: false })).toBe(false);
  });
  it('count a run as ended once, and only after it was seen running: edits of finished runs also send their status', () => {
    const ends = new RunEnds();
    expect(ends.ended('old', 'finished')).toBe(false);
    expect(ends.ended('a', 'queued')).toBe(false);
    expect(ends.ended('a', 'running')).toBe(false);
    expect(ends.ended('a', 'finished')).toBe(true);
    expect(ends.ended('a', 'finished')).toBe(false);
    ends.seenActive('b');
    expect(ends.ended('b', 'cancelled')).toBe(true);
    // Resumed: a new end.
    expect(ends.ended('b', 'running')).toBe(false);
    expect(ends.ended('b', 'failed')).toBe(true);
  });
});

describe('preferences and theme', () => {
  it('read what was stored and fall back per field on anything else', () => {
    expect(parsePreferences(null)).toEqual({ theme: 'system', notifyJobs: true });
    expect(parsePreferences('{"theme":"light","notifyJobs":false}')).toEqual({ theme: 'light', notifyJobs: false });
    expect(parsePreferences('{"theme":"sepia","notifyJobs":false}')).toEqual({ theme: 'system', notifyJobs: false });
    expect(parsePreferences('not json')).toEqual({ theme: 'system', notifyJobs: true });
    expect(parsePreferences('42')).toEqual({ theme: 'system', notifyJobs: true });
  });
  it('follow the OS only when the choice is System', () => {
    expect(resolveTheme('system', true)).toBe('light');
    expect(resolveTheme('system', false)).toBe('dark');
    expect(resolveTheme('dark', true)).toBe('dark');
    expect(resolveTheme('light', false)).toBe('light');
  });
});

const progress = (epoch: number, epochs: number, batch = 0, batchesPerEpoch = 10): RunProgress => ({
  epoch,
  epochs,
  batch,
  batchesPerEpoch,
  etaMs: null,
  samplesPerSec: null,
});
const run = (id: string, status: RunSummary['status'], p: RunProgress | null = null) => ({ id, status, progress: p }) as RunSummary;

describe('taskbar progress', () => {
  afterEach(() => vi.useRealTimers());

  it('averages several jobs into one fraction, each job counting the same', () => {
    expect(jobsFraction([])).toBeNull();
    expect(jobsFraction([0.5])).toBe(0.5);
    expect(jobsFraction([0.2, 0.6, 1])).toBeCloseTo(0.6, 12);
    // Out-of-range or broken values are clamped rather than taking the bar past its ends.
    expect(jobsFraction([-1, 2, Number.NaN])).toBeCloseTo(1 / 3, 12);
  });

  it('follows runs and imports from the core events, and clears when the last one ends', () => {
    const events = new CoreEvents();
    const reported: (number | null)[] = [];
    const off = trackJobProgress(events, (f) => reported.push(f));
    events.emit('run.status', { runId: 'a', status: 'running', error: null, run: run('a', 'running') });
    // Epoch 2 of 4, half its batches done: 1.5 / 4.
    events.emit('run.progress', { runId: 'a', progress: progress(2, 4, 5) });
    events.emit('run.status', { runId: 'b', status: 'queued', error: null, run: run('b', 'queued') });
    // An import half through its checking pass is a quarter done.
    events.emit('datasets.importProgress', { path: '/x.csv', phase: 'checking', done: 50, total: 100 });
    events.emit('run.status', { runId: 'a', status: 'finished', error: null, run: run('a', 'finished') });
    events.emit('datasets.importProgress', { path: '/x.csv', phase: 'importing', done: 100, total: 100 });
    events.emit('run.status', { runId: 'b', status: 'failed', error: 'x', run: run('b', 'failed') });
    off();
    expect(reported).toEqual([0, 0.375, 0.1875, (0.375 + 0 + 0.25) / 3, 0.125, 0, null]);
  });

  it('drops an import that went silent (a failed import sends no end)', () => {
    vi.useFakeTimers();
    const events = new CoreEvents();
    const reported: (number | null)[] = [];
    const off = trackJobProgress(
      events,
      (f) => reported.push(f),
      () => Date.now(),
    );
    events.emit('datasets.importProgress', { path: '/y.csv', phase: 'importing', done: 0, total: 10 });
    expect(reported).toEqual([0.5]);
    vi.advanceTimersByTime(IMPORT_SILENCE_MS);
    expect(reported).toEqual([0.5, null]);
    off();
  });
});

describe('window placement', () => {
  const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
  const right: Rect = { x: 1920, y: 0, width: 1280, height: 984 };

  it('reads a saved state and nothing malformed', () => {
    const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true };
    expect(parseWindowState(JSON.stringify(state))).toEqual(state);
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState('{')).toBeNull();
    expect(parseWindowState('{"bounds":{"x":0,"y":0,"width":-5,"height":10},"maximized":false}')).toBeNull();
    expect(parseWindowState('{"bounds":{"x":0,"y":0,"width":900,"height":600}}')).toBeNull();
  });

  it('opens at the default size centred on the primary display when nothing was saved', () => {
    expect(placeWindow(null, [primary, right], primary)).toEqual({
      bounds: { x: (1920 - DEFAULT_SIZE.width) / 2, y: (1040 - DEFAULT_SIZE.height) / 2, ...DEFAULT_SIZE },
      maximized: false,
    });
  });

  it('puts the window back where it was, on the display it covered most, maximized or not', () => {
    const saved = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: true };
    expect(placeWindow(saved, [primary, right], primary)).toEqual(saved);
  });

  it('shrinks and moves a window that no longer fits onto its display', () => {
    // Saved on a bigger right-hand monitor: 1600 wide, hanging 320 px off the right edge now.
    const saved = { bounds: { x: 2600, y: -40, width: 1600, height: 1200 }, maximized: false };
    expect(placeWindow(saved, [primary, right], primary)).toEqual({ bounds: { x: 1920, y: 0, width: 1280, height: 984 }, maximized: false });
    const tiny = { bounds: { x: 100, y: 100, width: 300, height: 200 }, maximized: false };
    expect(placeWindow(tiny, [primary], primary).bounds).toEqual({ x: 100, y: 100, ...MIN_SIZE });
  });

  it('recentres on the primary display when the saved one is gone or barely overlapped', () => {
    const onUnplugged = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: true };
    expect(placeWindow(onUnplugged, [primary], primary)).toEqual({ bounds: { x: 260, y: 70, ...DEFAULT_SIZE }, maximized: true });
    // Only 50 px of it on screen: the title bar could be out of reach.
    const sliver = { bounds: { x: 1870, y: 100, width: 800, height: 600 }, maximized: false };
    expect(placeWindow(sliver, [primary], primary).bounds).toEqual({ x: 260, y: 70, ...DEFAULT_SIZE });
    const small: Rect = { x: 0, y: 0, width: 1280, height: 720 };
    expect(placeWindow(null, [small], small).bounds).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
  });
});
