import seedrandom from 'seedrandom';

/**
 * Seeded stratified K-fold assignment: the fold (0..k-1) of each item. Each class is shuffled and
 * dealt round-robin, the deal continuing from class to class, so every fold holds each class's
 * share within one item and fold sizes differ by at most one.
 */
export function stratifiedFolds(labels: ArrayLike<string | number>, k: number, seed: number): Int32Array {
  const byClass = new Map<string, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const key = String(labels[i]);
    let list = byClass.get(key);
    if (!list) byClass.set(key, (list = []));
    list.push(i);
  }
  const rng = seedrandom(`${seed}/folds`);
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (const c of [...byClass.keys()].sort()) {
    const idx = byClass.get(c)!;
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    for (const i of idx) fold[i] = next++ % k;
  }
  return fold;
}
