// The one tokenizer behind both filter languages: Cairn's runs filter (shared/runs/filter.ts) and
// MLflow's search filters on the REST API (electron/core/tracking/mlflow-filter.ts). Both are
// `field op value` clauses of words, quoted strings, numbers, operators and punctuation; what
// differs (quote escapes, operators, what a word may hold, error wording) is the grammar's Lexicon.

export type FilterToken =
  | { t: 'word'; v: string; pos: number }
  | { t: 'string'; v: string; quote: string; pos: number }
  | { t: 'number'; v: number; text: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'punct'; v: string; pos: number }
  | { t: 'end'; pos: number };

export type ScanProblem =
  { kind: 'too_long'; length: number; max: number } | { kind: 'unterminated'; pos: number } | { kind: 'unexpected'; char: string; pos: number };

export interface Lexicon {
  /** Checked in order, so a longer operator comes before its prefix (`<=` before `<`). */
  operators: readonly string[];
  /** Single-character tokens. */
  punct: string;
  quotes: string;
  /** How a quote stands inside a quoted run: doubled (`'it''s'`, as SQL and MLflow) or after a backslash. */
  escape: 'double' | 'backslash';
  /** Sticky: a word at the current position. */
  word: RegExp;
  /** Whether a number may start after `prev` (Cairn: not right after a dot, where digits are a key). */
  numberAfter?(prev: FilterToken | undefined): boolean;
  maxLength: number;
  error(problem: ScanProblem): Error;
}

// Sticky: matched in place at lastIndex, so a long filter is not copied once per token.
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;

function matchAt(re: RegExp, src: string, i: number): string | null {
  re.lastIndex = i;
  return re.exec(src)?.[0] ?? null;
}

export function scanFilter(src: string, lex: Lexicon): FilterToken[] {
  if (src.length > lex.maxLength) throw lex.error({ kind: 'too_long', length: src.length, max: lex.maxLength });
  const out: FilterToken[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (lex.quotes.includes(c)) {
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length) throw lex.error({ kind: 'unterminated', pos: start });
        if (lex.escape === 'double' && src[i] === c && src[i + 1] === c) {
          v += c;
          i += 2;
        } else if (src[i] === c) break;
        else {
          if (lex.escape === 'backslash' && src[i] === '\\' && i + 1 < src.length) i++;
          v += src[i++];
        }
      }
      i++;
      out.push({ t: 'string', v, quote: c, pos: start });
      continue;
    }
    const num = matchAt(NUMBER, src, i);
    if (num && (lex.numberAfter?.(out[out.length - 1]) ?? true)) {
      out.push({ t: 'number', v: Number(num), text: num, pos: start });
      i += num.length;
      continue;
    }
    const op = lex.operators.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', v: op, pos: start });
      i += op.length;
      continue;
    }
    if (lex.punct.includes(c)) {
      out.push({ t: 'punct', v: c, pos: start });
      i++;
      continue;
    }
    const word = matchAt(lex.word, src, i);
    if (word) {
      out.push({ t: 'word', v: word, pos: start });
      i += word.length;
      continue;
    }
    throw lex.error({ kind: 'unexpected', char: c, pos: start });
  }
  out.push({ t: 'end', pos: src.length });
  return out;
}
