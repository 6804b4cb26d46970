// The runs filter language, e.g.
//   params.lr < 0.01 and metrics.val_accuracy >= 0.9 and tags.owner = "ana" and status = finished
// parsed into an AST here (shared: the UI validates as you type) and compiled to parameterized
// SQL in the core. Values never become SQL text.

import { scanFilter, type FilterToken, type Lexicon } from './filter-tokens';

export type FilterValue = string | number | boolean | null;

export type FieldRef =
  | { kind: 'param'; key: string }
  | { kind: 'metric'; key: string; agg: 'last' | 'min' | 'max' }
  | { kind: 'tag'; key: string }
  | { kind: 'attr'; name: RunAttribute };

export const RUN_ATTRIBUTES = [
  'status',
  'name',
  'id',
  'experiment',
  'engine',
  'device',
  'model',
  'dataset',
  'created',
  'started',
  'ended',
  'duration',
  'starred',
  'archived',
] as const;
export type RunAttribute = (typeof RUN_ATTRIBUTES)[number];

export const COMPARISONS = ['=', '!=', '<', '<=', '>', '>=', '~', '!~'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type FilterNode =
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; operand: FilterNode }
  | { type: 'compare'; field: FieldRef; op: Comparison; value: FilterValue }
  | { type: 'in'; field: FieldRef; values: FilterValue[]; negated: boolean }
  /** The field has a value (IS NOT NULL); negated: it has none. */
  | { type: 'exists'; field: FieldRef; negated: boolean };

/** Parens and `not`s nest at most this deep; deeper is a mistake or an attack, not a query. */
export const MAX_FILTER_DEPTH = 32;
const MAX_FILTER_LENGTH = 10000;

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position + 1}`);
    this.name = 'FilterSyntaxError';
  }
}

type Token = FilterToken;

const LEXICON: Lexicon = {
  operators: ['<=', '>=', '!=', '==', '!~', '<>', '=', '<', '>', '~'],
  punct: '(),.',
  quotes: '"\'`',
  escape: 'backslash',
  word: /[A-Za-z_][\w\-/]*/y,
  // `metrics.1` names the metric "1": digits right after a dot are a key.
  numberAfter: (prev) => !(prev && prev.t === 'punct' && prev.v === '.'),
  maxLength: MAX_FILTER_LENGTH,
  error(p) {
    if (p.kind === 'too_long') return new FilterSyntaxError(`The filter is ${p.length} characters long; at most ${p.max}`, p.max);
    if (p.kind === 'unterminated') return new FilterSyntaxError('Unterminated string', p.pos);
    return new FilterSyntaxError(`Unexpected character "${p.char}"`, p.pos);
  },
};

/** `==` and `<>` are spellings of `=` and `!=`. */
const SAME_AS: Record<string, string> = { '==': '=', '<>': '!=' };

function tokenize(src: string): Token[] {
  const tokens = scanFilter(src, LEXICON);
  for (const t of tokens) {
    if (t.t === 'number' && !Number.isFinite(t.v)) throw new FilterSyntaxError(`${t.text} is too large to compare with`, t.pos);
    if (t.t === 'op') t.v = SAME_AS[t.v] ?? t.v;
  }
  return tokens;
}

/** Bare words that read as numbers elsewhere but compare with nothing here. */
const NOT_A_NUMBER = new Set(['nan', 'infinity', 'inf']);

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private nest(pos: number): void {
    if (++this.depth > MAX_FILTER_DEPTH) throw new FilterSyntaxError(`The filter is nested deeper than ${MAX_FILTER_DEPTH} levels (parentheses and nots)`, pos);
  }

  parse(): FilterNode {
    const node = this.or();
    const t = this.peek();
    if (t.t !== 'end') throw new FilterSyntaxError(`Unexpected ${describe(t)}`, t.pos);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private isWord(v: string): boolean {
    const t = this.peek();
    return t.t === 'word' && t.v.toLowerCase() === v;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.not();
    while (this.isWord('and')) {
      this.next();
      left = { type: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): FilterNode {
    if (!this.isWord('not')) return this.primary();
    this.nest(this.next().pos);
    const node: FilterNode = { type: 'not', operand: this.not() };
    this.depth--;
    return node;
  }

  private primary(): FilterNode {
    const t = this.peek();
    if (t.t === 'punct' && t.v === '(') {
      this.nest(this.next().pos);
      const inner = this.or();
      this.expectPunct(')');
      this.depth--;
      return inner;
    }
    const field = this.field();
    if (this.isWord('is')) {
      this.next();
      const negated = this.isWord('not');
      if (negated) this.next();
      const n = this.next();
      if (!(n.t === 'word' && n.v.toLowerCase() === 'null')) throw new FilterSyntaxError('Expected null after "is"', n.pos);
      return { type: 'exists', field, negated: !negated };
    }
    let negatedIn = false;
    if (this.isWord('not')) {
      this.next();
      negatedIn = true;
      if (!this.isWord('in')) throw new FilterSyntaxError('Expected "in" after "not"', this.peek().pos);
    }
    if (this.isWord('in')) {
      this.next();
      this.expectPunct('(');
      const values: FilterValue[] = [this.value()];
      while (this.peek().t === 'punct' && (this.peek() as { v: string }).v === ',') {
        this.next();
        values.push(this.value());
      }
      this.expectPunct(')');
      return { type: 'in', field, values, negated: negatedIn };
    }
    const op = this.next();
    if (op.t === 'word' && op.v.toLowerCase() === 'contains') return { type: 'compare', field, op: '~', value: this.value() };
    if (op.t !== 'op') throw new FilterSyntaxError(`Expected an operator (=, !=, <, <=, >, >=, ~, in, is) after the field, found ${describe(op)}`, op.pos);
    return { type: 'compare', field, op: op.v as Comparison, value: this.value() };
  }

  /** A whole input that is just one field (a sort key or a column). */
  onlyField(): FieldRef {
    const f = this.field();
    const t = this.peek();
    if (t.t !== 'end') throw new FilterSyntaxError(`Unexpected ${describe(t)}`, t.pos);
    return f;
  }

  private field(): FieldRef {
    const head = this.next();
    if (head.t !== 'word')
      throw new FilterSyntaxError(`Expected a field such as params.lr, metrics.loss, tags.owner or status, found ${describe(head)}`, head.pos);
    const scope = head.v.toLowerCase();
    const scoped = ['params', 'param', 'metrics', 'metric', 'tags', 'tag'];
    if (!scoped.includes(scope)) {
      const name = RUN_ATTRIBUTES.find((a) => a === scope);
      if (!name) throw new FilterSyntaxError(`Unknown field "${head.v}" (fields: params.*, metrics.*, tags.*, ${RUN_ATTRIBUTES.join(', ')})`, head.pos);
      return { kind: 'attr', name };
    }
    this.expectPunct('.');
    const keyTok = this.next();
    if (keyTok.t !== 'word' && keyTok.t !== 'string') throw new FilterSyntaxError(`Expected a key after "${head.v}."`, keyTok.pos);
    const key = keyTok.v;
    if (scope.startsWith('param')) return { kind: 'param', key };
    if (scope.startsWith('tag')) return { kind: 'tag', key };
    let agg: 'last' | 'min' | 'max' = 'last';
    const dot = this.peek();
    if (dot.t === 'punct' && dot.v === '.') {
      this.next();
      const a = this.next();
      if (!(a.t === 'word' && ['last', 'min', 'max'].includes(a.v))) throw new FilterSyntaxError('Expected last, min or max after the metric key', a.pos);
      agg = a.v as 'last' | 'min' | 'max';
    }
    return { kind: 'metric', key, agg };
  }

  private value(): FilterValue {
    const t = this.next();
    if (t.t === 'number' || t.t === 'string') return t.v;
    if (t.t === 'word') {
      const w = t.v.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
      if (NOT_A_NUMBER.has(w)) throw new FilterSyntaxError(`${t.v} is not a value a filter can compare with (quote it to match the text "${t.v}")`, t.pos);
      // Bare words read as strings, so `status = finished` needs no quotes.
      return t.v;
    }
    throw new FilterSyntaxError(`Expected a value, found ${describe(t)}`, t.pos);
  }

  private expectPunct(v: string): void {
    const t = this.next();
    if (!(t.t === 'punct' && t.v === v)) throw new FilterSyntaxError(`Expected "${v}", found ${describe(t)}`, t.pos);
  }
}

function describe(t: Token): string {
  return t.t === 'end' ? 'the end of the filter' : `"${String(t.v)}"`;
}

export function parseFilter(src: string): FilterNode | null {
  if (src.trim() === '') return null;
  return new Parser(tokenize(src)).parse();
}

/** A sort or column key in the same field syntax, e.g. "metrics.val_loss.min" or "created". */
export function parseField(src: string): FieldRef {
  return new Parser(tokenize(src)).onlyField();
}

export function fieldKey(f: FieldRef): string {
  switch (f.kind) {
    case 'param':
      return `params.${f.key}`;
    case 'tag':
      return `tags.${f.key}`;
    case 'metric':
      return f.agg === 'last' ? `metrics.${f.key}` : `metrics.${f.key}.${f.agg}`;
    case 'attr':
      return f.name;
  }
}
