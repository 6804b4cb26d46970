import { THEME_CHOICES, usePreferences, type ThemeChoice } from '../../lib/preferences';
import { notificationPermission, requestNotificationPermission } from '../shell/jobNotifications';

const THEME_LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Settings → Appearance and notifications: this window's own choices, applied at once and kept in this browser profile. */
export function AppearancePanel() {
  const theme = usePreferences((s) => s.theme);
  const notifyJobs = usePreferences((s) => s.notifyJobs);
  const set = usePreferences((s) => s.set);
  const permission = notificationPermission();

  return (
    <section className="card" data-testid="appearance-panel">
      <h2>Appearance and notifications</h2>
      <fieldset className="plain-fieldset">
        <legend>Theme</legend>
        <div className="checkbox-row">
          {THEME_CHOICES.map((choice) => (
            <label key={choice} className="checkbox-label">
              <input
                type="radio"
                name="theme"
                value={choice}
                data-testid={`theme-${choice}`}
                checked={theme === choice}
                onChange={() => set({ theme: choice })}
              />
              {THEME_LABELS[choice]}
            </label>
          ))}
        </div>
        <p className="muted">System follows the light or dark setting of your operating system.</p>
      </fieldset>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="notify-jobs"
          checked={notifyJobs}
          onChange={(e) => {
            set({ notifyJobs: e.target.checked });
            // Asked while the user is clicking: browsers refuse the prompt outside a gesture.
            if (e.target.checked) void requestNotificationPermission();
          }}
        />
        Notify me when a run, sweep or import that took over 10 seconds ends while this window is in the background
      </label>
      {notifyJobs && permission === 'denied' && (
        <p className="muted" data-testid="notify-denied">
          Notifications are blocked for this page; allow them in the browser's site settings.
        </p>
      )}
    </section>
  );
}
