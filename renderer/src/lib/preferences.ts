import { z } from 'zod';
import { create } from 'zustand';

// This window's own choices (not the data folder's settings): a second machine opening the same
// folder, or a browser on `cairn serve`, keeps its own theme and notification choice.
const STORAGE_KEY = 'cairn.preferences';

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

const preferencesSchema = z.object({
  theme: z.enum(THEME_CHOICES).catch('system'),
  /** Desktop notifications when a long job ends while the window is in the background. */
  notifyJobs: z.boolean().catch(true),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/** What was stored, with defaults for whatever is missing or unreadable (an older or hand-edited value). */
export function parsePreferences(raw: string | null): Preferences {
  let value: unknown = {};
  try {
    value = raw ? JSON.parse(raw) : {};
  } catch {
    // Unreadable JSON: the defaults.
  }
  return preferencesSchema.parse(value && typeof value === 'object' ? value : {});
}

function readStored(): Preferences {
  try {
    return parsePreferences(globalThis.localStorage?.getItem(STORAGE_KEY) ?? null);
  } catch {
    // Storage can be denied (a locked-down browser profile); the defaults then hold for the session.
    return parsePreferences(null);
  }
}

interface PreferencesState extends Preferences {
  set(change: Partial<Preferences>): void;
}

export const usePreferences = create<PreferencesState>((set, get) => ({
  ...readStored(),
  set(change) {
    set(change);
    const { theme, notifyJobs } = get();
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify({ theme, notifyJobs }));
    } catch {
      // Not remembered past this session; the choice still applies now.
    }
  },
}));
