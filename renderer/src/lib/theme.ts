import { usePreferences, type ThemeChoice } from './preferences';

export type Theme = 'light' | 'dark';

export function resolveTheme(choice: ThemeChoice, osPrefersLight: boolean): Theme {
  if (choice === 'system') return osPrefersLight ? 'light' : 'dark';
  return choice;
}

const listeners = new Set<(theme: Theme) => void>();

/** Called with the theme now in force, and again whenever it changes (the Settings choice or the OS's). */
export function onThemeChange(fn: (theme: Theme) => void): () => void {
  listeners.add(fn);
  fn(currentTheme());
  return () => listeners.delete(fn);
}

export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'light' ? 'light' : 'dark';
}

/**
 * Keeps <html data-theme> in step with the choice and, for "system", with prefers-color-scheme.
 * Runs before the first render so the page never flashes the other theme.
 */
export function startTheme(): void {
  const media = window.matchMedia('(prefers-color-scheme: light)');
  const apply = () => {
    const theme = resolveTheme(usePreferences.getState().theme, media.matches);
    if (document.documentElement.dataset.theme === theme) return;
    document.documentElement.dataset.theme = theme;
    for (const fn of listeners) fn(theme);
  };
  apply();
  media.addEventListener('change', apply);
  usePreferences.subscribe(apply);
}
