// "Did you mean" for a mistyped name: sweep keys, filter keys. Plain edit distance misses the
// mistakes people make with names like these (`lr` for learningRate and back, `val_acc` for
// val_accuracy, `learningrate`), so besides small slips, prefixes and abbreviations rank before
// larger edits.

function normalize(s: string): string {
  return s.toLowerCase().replace(/[-_.\s/]/g, '');
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** `lr` in `learningrate`: the letters in order, starting with the same one. */
function abbreviates(short: string, long: string): boolean {
  if (short.length < 2 || short[0] !== long[0]) return false;
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/** Lower is closer; null: not close enough to suggest. */
function distance(input: string, candidate: string): number | null {
  const a = normalize(input);
  const b = normalize(candidate);
  if (!a || !b) return null;
  if (a === b) return 0;
  const d = editDistance(a, b);
  // A slip of a letter or two in a longer name is the likeliest mistake of all.
  if (d <= 2 && Math.min(a.length, b.length) >= 4) return 1 + d / 10;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length >= 2 && longer.startsWith(shorter)) return 2 + (longer.length - shorter.length) / 1000;
  if (abbreviates(a, b) || abbreviates(b, a)) return 3 + Math.abs(b.length - a.length) / 1000;
  return d <= Math.max(1, Math.floor(Math.max(a.length, b.length) / 3)) ? 4 + d : null;
}

/**
 * Up to `limit` candidates close to `input`, closest first (ties alphabetical), only from the
 * closest kind of match (a one-letter slip hides mere prefixes); none when nothing is close.
 */
export function closestMatches(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const scored: { name: string; d: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === input) continue;
    const d = distance(input, name);
    if (d !== null) scored.push({ name, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  const tier = Math.floor(scored[0]?.d ?? 0);
  return scored
    .filter((s) => Math.floor(s.d) === tier)
    .slice(0, limit)
    .map((s) => s.name);
}
