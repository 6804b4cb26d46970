// Rows with the same content: exact duplicates, and those among them whose labels disagree
// (the same input taught two answers).

export interface DuplicateGroup {
  rows: number[];
  labels: (string | null)[];
  conflicting: boolean;
}

export function duplicateGroups(keys: readonly (string | number)[], labels: (string | null)[]): DuplicateGroup[] {
  const byKey = new Map<string | number, number[]>();
  keys.forEach((k, row) => {
    const list = byKey.get(k);
    if (list) list.push(row);
    else byKey.set(k, [row]);
  });
  const groups: DuplicateGroup[] = [];
  for (const rows of byKey.values()) {
    if (rows.length < 2) continue;
    const ls = rows.map((r) => labels[r]);
    groups.push({ rows, labels: ls, conflicting: new Set(ls.filter((l) => l !== null)).size > 1 });
  }
  return groups.sort((a, b) => Number(b.conflicting) - Number(a.conflicting) || b.rows.length - a.rows.length || a.rows[0] - b.rows[0]);
}

export interface ClassBalance {
  counts: { label: string; count: number; share: number }[];
  /** Largest class over smallest. */
  imbalanceRatio: number;
  /** Flagged when the smallest class has under a fifth of the largest's rows. */
  imbalanced: boolean;
}

export function classBalance(labels: (string | null)[]): ClassBalance {
  const counts = new Map<string, number>();
  for (const l of labels) if (l !== null) counts.set(l, (counts.get(l) ?? 0) + 1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const list = [...counts].map(([label, count]) => ({ label, count, share: total ? count / total : 0 })).sort((a, b) => b.count - a.count);
  const ratio = list.length ? list[0].count / list[list.length - 1].count : 1;
  return { counts: list, imbalanceRatio: ratio, imbalanced: ratio > 5 };
}
