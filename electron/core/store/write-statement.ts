// Reads a write statement's SQL for what the change feed needs: the table it writes and which
// positional parameter holds the key of the rows it changes. Only the shapes the repositories
// use are recognised (INSERT ... VALUES (?, ...), UPDATE/DELETE ... WHERE key = ? AND ...);
// anything else still names its table, with its rows unknown, which readers treat as "any row".

export interface TableKey {
  column: string;
  /** The column is the table's INTEGER PRIMARY KEY, so an INSERT that omits it gets the new rowid. */
  rowid: boolean;
}

export interface WriteStatement {
  table: string;
  /** DELETE or INSERT OR REPLACE: rows that reference removed ones cascade, so their tables change too. */
  removes: boolean;
  /** The positional parameter (0-based) holding the one key the statement's rows have. */
  keyParam: number | null;
  /** An INSERT that leaves the key to SQLite: the key is the new row's rowid. */
  keyIsRowid: boolean;
}

const MAYBE_WRITE = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(?:WITH|INSERT|REPLACE|UPDATE|DELETE)\b/i;
const TARGET = /\b(?:(INSERT|REPLACE)(?:\s+OR\s+(\w+))?\s+INTO|(UPDATE)(?:\s+OR\s+\w+)?|(DELETE)\s+FROM)\s+(?:["`[]?(\w+)["`\]]?\s*\.\s*)?["`[]?(\w+)["`\]]?/i;
/** Named or numbered parameters: the positional count below would not find the key's value. */
const NAMED_PARAMS = /\?\d|[:@$][A-Za-z_]/;

/** A cheap first look, so reads skip the rest. */
export function mayWrite(sql: string): boolean {
  return MAYBE_WRITE.test(sql);
}

/** The tables a script (several statements, as `exec` runs) writes in the main schema. */
export function scriptTargets(sql: string): string[] {
  const tables = new Set<string>();
  for (const part of blank(sql).split(';')) {
    const t = target(part);
    if (t) tables.add(t.table);
  }
  return [...tables];
}

export function parseWrite(sql: string, keyOf: (table: string) => TableKey | null): WriteStatement | null {
  const text = blank(sql);
  const t = target(text);
  if (!t) return null;
  const key = keyOf(t.table);
  const found: WriteStatement = { table: t.table, removes: t.removes, keyParam: null, keyIsRowid: false };
  if (!key || NAMED_PARAMS.test(text)) return found;
  if (t.insert) {
    const param = insertKeyParam(text, t.end, key.column);
    if (param !== undefined) found.keyParam = param;
    else found.keyIsRowid = key.rowid && !/\bON\s+CONFLICT\b/i.test(text) && /\bVALUES\b/i.test(text) && !columnsOf(text, t.end)?.includes(key.column);
  } else {
    found.keyParam = whereKeyParam(text, t.end, key.column);
  }
  return found;
}

function target(text: string): { table: string; removes: boolean; insert: boolean; end: number } | null {
  if (!MAYBE_WRITE.test(text)) return null;
  const m = TARGET.exec(text);
  if (!m) return null;
  const schema = m[5]?.toLowerCase();
  // Scratch schemas (an import's staging file) and temp tables are nobody else's business.
  if (schema && schema !== 'main') return null;
  const insert = Boolean(m[1]);
  const removes = Boolean(m[4]) || m[1]?.toUpperCase() === 'REPLACE' || m[2]?.toUpperCase() === 'REPLACE';
  return { table: m[6].toLowerCase(), removes, insert, end: m.index + m[0].length };
}

/** String literals and comments emptied, so `?`, commas and keywords inside them don't count. */
function blank(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, (s) => (s.startsWith("'") ? "''" : ' '));
}

function columnsOf(text: string, from: number): string[] | null {
  const m = /^\s*\(([^)]*)\)/.exec(text.slice(from));
  return m
    ? m[1].split(',').map((c) =>
        c
          .trim()
          .replace(/^["`[]|["`\]]$/g, '')
          .toLowerCase(),
      )
    : null;
}

/** INSERT INTO t (a, key, ...) VALUES (?, ?, ...): the key's parameter, for a single row of values. */
function insertKeyParam(text: string, from: number, key: string): number | undefined {
  const columns = columnsOf(text, from);
  const k = columns?.indexOf(key) ?? -1;
  if (k < 0) return undefined;
  const values = /\)\s*VALUES\s*\(/i.exec(text.slice(from));
  if (!values) return undefined;
  const open = from + values.index + values[0].length;
  const tuple = splitTopLevel(text, open);
  if (!tuple || tuple.items[k]?.trim() !== '?') return undefined;
  // More rows of values would hold more keys than one parameter gives.
  if (/^\s*,/.test(text.slice(tuple.close + 1))) return undefined;
  return countParams(text.slice(0, open)) + tuple.items.slice(0, k).reduce((n, item) => n + countParams(item), 0);
}

/** UPDATE/DELETE ... WHERE key = ? [AND ...]: with no OR at the top level, every row has that key. */
function whereKeyParam(text: string, from: number, key: string): number | null {
  const depth = depths(text);
  const where = findTopLevel(text, /\bWHERE\b/gi, depth, from);
  if (where < 0) return null;
  const end = findTopLevel(text, /\b(?:ORDER\s+BY|LIMIT|RETURNING)\b/gi, depth, where);
  const clauseEnd = end < 0 ? text.length : end;
  if (findTopLevel(text.slice(0, clauseEnd), /\bOR\b/gi, depth, where) >= 0) return null;
  const pattern = new RegExp(`(?<![\\w.])["\`]?${key}["\`]?\\s*=\\s*\\?`, 'gi');
  const at = findTopLevel(text.slice(0, clauseEnd), pattern, depth, where);
  if (at < 0) return null;
  const mark = text.indexOf('?', at);
  return countParams(text.slice(0, mark));
}

/** Parenthesis depth at each character. */
function depths(text: string): Int32Array {
  const out = new Int32Array(text.length + 1);
  let d = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') d++;
    out[i] = d;
    if (text[i] === ')') d--;
  }
  out[text.length] = d;
  return out;
}

function findTopLevel(text: string, pattern: RegExp, depth: Int32Array, from: number): number {
  pattern.lastIndex = from;
  const base = depth[from];
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) if (depth[m.index] === base) return m.index;
  return -1;
}

/** The comma-separated items of the parenthesised list opening just before `open`. */
function splitTopLevel(text: string, open: number): { items: string[]; close: number } | null {
  const items: string[] = [];
  let d = 0;
  let start = open;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') d++;
    else if (c === ')' && d > 0) d--;
    else if (c === ')') {
      items.push(text.slice(start, i));
      return { items, close: i };
    } else if (c === ',' && d === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return null;
}

function countParams(text: string): number {
  let n = 0;
  for (const c of text) if (c === '?') n++;
  return n;
}
