import { useSyncExternalStore } from 'react';
import type { LabelingSession } from '../../../../shared/labeling-client/session';

/** Re-renders on every change of the session (it bumps `version`). */
export function useSession(session: LabelingSession): LabelingSession {
  useSyncExternalStore(
    (onChange) => session.subscribe(onChange),
    () => session.version,
  );
  return session;
}
