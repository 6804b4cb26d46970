import seedrandom from 'seedrandom';

export interface Split {
  train: number[];
  val: number[];
}

/**
 * Seeded stratified split. The validation total is round(n * valFraction); each class gets its
 * floor share and the leftover slots go to the classes with the largest remainders, so class
 * proportions match as closely as whole rows allow. Indices come back sorted.
 */
export function splitIndices(labels: ArrayLike<string | number>, valFraction: number, seed: number): Split {
  const n = labels.length;
  const byClass = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = String(labels[i]);
    let list = byClass.get(key);
    if (!list) byClass.set(key, (list = []));
    list.push(i);
  }
  const classes = [...byClass.keys()].sort();
  const total = Math.min(n, Math.max(0, Math.round(n * valFraction)));
  const quota = classes.map((c) => byClass.get(c)!.length * valFraction);
  const take = quota.map((q) => Math.floor(q));
  let left = total - take.reduce((a, b) => a + b, 0);
  const order = classes.map((_, i) => i).sort((a, b) => quota[b] - Math.floor(quota[b]) - (quota[a] - Math.floor(quota[a])) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    if (take[i] < byClass.get(classes[i])!.length) {
      take[i]++;
      left--;
    }
  }

  const rng = seedrandom(String(seed));
  const train: number[] = [];
  const val: number[] = [];
  classes.forEach((c, ci) => {
    const idx = byClass.get(c)!.slice();
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    // Loops, not push(...slice): a spread of a million indices overflows the call stack.
    for (let i = 0; i < idx.length; i++) (i < take[ci] ? val : train).push(idx[i]);
  });
  train.sort((a, b) => a - b);
  val.sort((a, b) => a - b);
  return { train, val };
}
