// Labels as they come out of the database — (itemId, labelerId, label) triples — and the
// converters to the shapes each agreement statistic needs. Pure: no Node or DOM imports.

export type Key = string | number;

export interface Annotation {
  itemId: Key;
  labelerId: Key;
  label: Key;
}

/**
 * Annotations coded to dense integer indices. One entry per (item, labeler) pair: when a labeler
 * labeled the same item twice the later triple wins (`duplicates` counts the ones dropped).
 */
export interface CodedAnnotations {
  items: Key[];
  labelers: Key[];
  /** Category order used by every matrix below (matters for weighted kappa and ordinal/interval alpha). */
  categories: Key[];
  item: Int32Array;
  labeler: Int32Array;
  label: Int32Array;
  duplicates: number;
}

/** Units x categories counts: `data[i * categories + c]` = how many labelers put item i in category c. */
export interface CountMatrix {
  data: Int32Array;
  items: number;
  categories: number;
}

/** Labelers x items category indices, -1 where a labeler did not label the item (Krippendorff's "reliability data"). */
export interface ReliabilityMatrix {
  data: Int32Array;
  labelers: number;
  items: number;
}

/** Numbers before strings; numbers ascending, strings by code unit. The default category order. */
export function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function indexer(): { map: Map<Key, number>; keys: Key[]; get(k: Key): number } {
  const map = new Map<Key, number>();
  const keys: Key[] = [];
  return {
    map,
    keys,
    get(k: Key): number {
      let i = map.get(k);
      if (i === undefined) {
        i = keys.length;
        map.set(k, i);
        keys.push(k);
      }
      return i;
    },
  };
}

/**
 * Codes triples to integer indices. Items and labelers keep first-seen order; categories are
 * `opts.categories` when given (labels outside it throw) or else the distinct labels sorted by `compareKeys`.
 */
export function codeAnnotations(annotations: readonly Annotation[], opts: { categories?: readonly Key[] } = {}): CodedAnnotations {
  const n = annotations.length;
  const items = indexer();
  const labelers = indexer();
  const item = new Int32Array(n);
  const labeler = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    item[t] = items.get(annotations[t].itemId);
    labeler[t] = labelers.get(annotations[t].labelerId);
  }

  let categories: Key[];
  if (opts.categories) {
    categories = [...opts.categories];
  } else {
    const seen = new Set<Key>();
    for (const a of annotations) seen.add(a.label);
    categories = [...seen].sort(compareKeys);
  }
  const catIndex = new Map<Key, number>(categories.map((c, i) => [c, i]));
  if (catIndex.size !== categories.length) throw new Error('codeAnnotations: duplicate category');

  // Deduplicate (item, labeler): the later triple wins.
  const L = labelers.keys.length;
  const last = new Map<number, number>();
  for (let t = 0; t < n; t++) last.set(item[t] * L + labeler[t], t);
  const m = last.size;
  const outItem = new Int32Array(m);
  const outLabeler = new Int32Array(m);
  const outLabel = new Int32Array(m);
  let w = 0;
  for (let t = 0; t < n; t++) {
    if (last.get(item[t] * L + labeler[t]) !== t) continue;
    const c = catIndex.get(annotations[t].label);
    if (c === undefined) throw new Error(`codeAnnotations: label ${String(annotations[t].label)} is not among the categories`);
    outItem[w] = item[t];
    outLabeler[w] = labeler[t];
    outLabel[w] = c;
    w++;
  }
  return { items: items.keys, labelers: labelers.keys, categories, item: outItem, labeler: outLabeler, label: outLabel, duplicates: n - m };
}

export function countMatrix(coded: CodedAnnotations): CountMatrix {
  const K = coded.categories.length;
  const nItems = coded.items.length;
  const data = new Int32Array(nItems * K);
  for (let t = 0; t < coded.item.length; t++) data[coded.item[t] * K + coded.label[t]]++;
  return { data, items: nItems, categories: K };
}

export function reliabilityMatrix(coded: CodedAnnotations): ReliabilityMatrix {
  const L = coded.labelers.length;
  const U = coded.items.length;
  const data = new Int32Array(L * U).fill(-1);
  for (let t = 0; t < coded.item.length; t++) data[coded.labeler[t] * U + coded.item[t]] = coded.label[t];
  return { data, labelers: L, items: U };
}

/** Counts from a reliability matrix (category indices, -1 missing). */
export function countsFromReliability(rel: ReliabilityMatrix, categories: number): CountMatrix {
  const data = new Int32Array(rel.items * categories);
  for (let l = 0; l < rel.labelers; l++) {
    const row = l * rel.items;
    for (let u = 0; u < rel.items; u++) {
      const c = rel.data[row + u];
      if (c >= 0) data[u * categories + c]++;
    }
  }
  return { data, items: rel.items, categories };
}

/** The two labelers' category indices on the items both labeled (the input of Cohen's kappa). */
export function pairLabels(coded: CodedAnnotations, a: Key, b: Key): { a: Int32Array; b: Int32Array; items: Int32Array } {
  const ia = coded.labelers.indexOf(a);
  const ib = coded.labelers.indexOf(b);
  if (ia < 0 || ib < 0) throw new Error('pairLabels: unknown labeler');
  const U = coded.items.length;
  const la = new Int32Array(U).fill(-1);
  const lb = new Int32Array(U).fill(-1);
  for (let t = 0; t < coded.item.length; t++) {
    if (coded.labeler[t] === ia) la[coded.item[t]] = coded.label[t];
    else if (coded.labeler[t] === ib) lb[coded.item[t]] = coded.label[t];
  }
  let n = 0;
  for (let u = 0; u < U; u++) if (la[u] >= 0 && lb[u] >= 0) n++;
  const out = { a: new Int32Array(n), b: new Int32Array(n), items: new Int32Array(n) };
  let w = 0;
  for (let u = 0; u < U; u++) {
    if (la[u] < 0 || lb[u] < 0) continue;
    out.a[w] = la[u];
    out.b[w] = lb[u];
    out.items[w++] = u;
  }
  return out;
}

/**
 * Triples from a labelers x items table (one row per labeler, `null`/`undefined`/NaN = not labeled),
 * the layout of published reliability-data examples. Item ids are column indices, labeler ids row indices.
 */
export function annotationsFromRows(rows: readonly (readonly (Key | null | undefined)[])[]): Annotation[] {
  const out: Annotation[] = [];
  rows.forEach((row, l) =>
    row.forEach((v, u) => {
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return;
      out.push({ itemId: u, labelerId: l, label: v });
    }),
  );
  return out;
}
