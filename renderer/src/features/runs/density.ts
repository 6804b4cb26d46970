// How tall the runs table's rows are: compact fits more runs on a laptop screen, comfortable
// reads easier. Remembered per machine, like the column choice.

export type Density = 'compact' | 'comfortable';

export const ROW_HEIGHT: Record<Density, number> = { comfortable: 36, compact: 28 };

const STORAGE_KEY = 'cairn.runs.density';

export function loadDensity(): Density {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'compact' ? 'compact' : 'comfortable';
  } catch {
    return 'comfortable';
  }
}

export function saveDensity(density: Density): void {
  try {
    localStorage.setItem(STORAGE_KEY, density);
  } catch {
    // Storage full or disabled: the choice just won't outlive the session.
  }
}
