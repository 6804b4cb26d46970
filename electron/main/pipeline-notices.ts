import { Notification } from 'electron';
import type { Events } from '../../shared/api/contract';

/**
 * Shows a pipeline's notify step as a system notification (where the OS supports them); clicking
 * it brings the window forward. The core only emits `pipelines.notice`; this is the desktop's part.
 */
export function showPipelineNotice(notice: Events['pipelines.notice'], focus: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: notice.title, body: `Run #${notice.runId} (${notice.trigger}): ${notice.body}` });
  n.on('click', focus);
  n.show();
}
