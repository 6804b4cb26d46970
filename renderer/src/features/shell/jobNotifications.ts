import type { RunSummary } from '../../../../shared/domain';
import { RunEnds, shouldNotify, type EndedJob } from '../../lib/notifyPolicy';
import { usePreferences } from '../../lib/preferences';
import { useDatasets } from '../datasets/datasetsStore';
import { isTrialRun } from '../sweeps/trials';
import { useSweeps } from '../sweeps/sweepsStore';

export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function requestNotificationPermission(): Promise<void> {
  if (notificationPermission() === 'default') await Notification.requestPermission();
}

const windowFocused = (): boolean => document.visibilityState === 'visible' && document.hasFocus();

function notify(job: EndedJob, title: string, body: string, href: string): void {
  if (!shouldNotify(job, { enabled: usePreferences.getState().notifyJobs, focused: windowFocused() })) return;
  if (notificationPermission() !== 'granted') return;
  // One tag per job: a second event for the same end replaces the notice instead of stacking.
  const notice = new Notification(title, { body, tag: href });
  notice.onclick = () => {
    window.focus();
    window.location.hash = href;
    notice.close();
  };
}

const seconds = (job: EndedJob) => Math.round(((job.endedAt ?? 0) - (job.startedAt ?? 0)) / 1000);

const runEnds = new RunEnds();

/** A run's progress event: it is running, even if this window opened after its start. */
export function noteRunActive(runId: string): void {
  runEnds.seenActive(runId);
}

/** A run's end, from its run.status event; a sweep's trials are told as the sweep, once. */
export function notifyRunEnded(run: RunSummary): void {
  if (!runEnds.ended(run.id, run.status) || isTrialRun(run)) return;
  notify(run, `Run ${run.status}: ${run.name || run.id}`, `${run.experimentName} · ${seconds(run)} s`, `#/runs/${encodeURIComponent(run.id)}`);
}

/**
 * Sweeps and imports have no end event of their own: their stores already follow them (the
 * sweeps list is refetched on each trial's status, an import is awaited), so their transitions
 * out of "running" are the ends. Returns the unsubscribe.
 */
export function watchSweepsAndImports(): () => void {
  const offSweeps = useSweeps.subscribe((now, before) => {
    if (now.sweeps === before.sweeps) return;
    const was = new Map(before.sweeps.map((s) => [s.id, s.status]));
    for (const s of now.sweeps) {
      if (was.get(s.id) !== 'running' || s.status === 'running') continue;
      notify(
        { startedAt: s.createdAt, endedAt: s.endedAt ?? Date.now() },
        `Sweep ${s.status}: ${s.name}`,
        `${s.trials.length} trials${s.best?.metric != null ? ` · best ${+s.best.metric.toPrecision(4)}` : ''}`,
        `#/sweeps/${s.id}`,
      );
    }
  });
  let importStarted: number | null = null;
  const offImports = useDatasets.subscribe((now, before) => {
    if (now.busy === 'import' && before.busy !== 'import') importStarted = Date.now();
    if (before.busy !== 'import' || now.busy === 'import' || importStarted === null) return;
    const job = { startedAt: importStarted, endedAt: Date.now() };
    importStarted = null;
    const failed = now.failedAction === 'import';
    notify(job, failed ? 'Import failed' : 'Import finished', failed ? (now.actionError ?? '') : `${seconds(job)} s`, '#/datasets');
  });
  return () => {
    offSweeps();
    offImports();
  };
}
