import type { RunStatus } from '../../../shared/domain';
import { scanFilter, type Lexicon } from '../../../shared/runs/filter-tokens';
import { MlflowError, type MlflowRunStatus } from './mlflow-types';

// MLflow's search grammar (mlflow/utils/search_utils.py): `<type>.<key> <comparator> <value>`
// clauses joined by AND only. The key is everything after the first dot, so
// `tags.mlflow.runName` names the tag `mlflow.runName`; a key may be "quoted" or `backticked`;
// an identifier with no dot is an attribute (`run_name`, `status`). Values of params, tags
// and string attributes are quoted strings taken verbatim; metrics and time attributes take numbers.

export const STATUS_TO_CAIRN: Record<MlflowRunStatus, RunStatus> = {
  RUNNING: 'running',
  SCHEDULED: 'queued',
  FINISHED: 'finished',
  FAILED: 'failed',
  KILLED: 'cancelled',
};

export const STATUS_TO_MLFLOW: Record<RunStatus, MlflowRunStatus> = {
  running: 'RUNNING',
  queued: 'SCHEDULED',
  finished: 'FINISHED',
  failed: 'FAILED',
  cancelled: 'KILLED',
  interrupted: 'FAILED',
};

export type EntityType = 'metric' | 'parameter' | 'tag' | 'attribute' | 'dataset';
export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

export interface Clause {
  type: EntityType;
  key: string;
  comparator: Comparator;
  value: string | number | string[];
}

/** What one search endpoint accepts: MLflow validates runs, experiments and models differently. */
export interface SearchGrammar {
  entityTypes: readonly EntityType[];
  /** Attribute keys a filter may name. */
  attributes: ReadonlySet<string>;
  /** Attributes compared with numbers (times); the rest are strings. */
  numericAttributes: ReadonlySet<string>;
  /** Attributes that take `IN ('a', 'b')` lists. */
  listAttributes: ReadonlySet<string>;
  /** Attribute keys order_by may name. */
  orderAttributes: ReadonlySet<string>;
}

const ENTITY_ALIASES: Record<string, EntityType> = {
  metric: 'metric',
  metrics: 'metric',
  parameter: 'parameter',
  parameters: 'parameter',
  param: 'parameter',
  params: 'parameter',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

/** MLflow's aliases, as SearchUtils.translate_key_alias. */
const KEY_ALIASES: Record<string, string> = {
  created: 'start_time',
  Created: 'start_time',
  'run name': 'run_name',
  'Run name': 'run_name',
  'Run Name': 'run_name',
};

const COMPARATORS_BY_TYPE: Record<Exclude<EntityType, 'attribute'>, readonly Comparator[]> = {
  metric: ['>', '>=', '!=', '=', '<', '<='],
  parameter: ['!=', '=', 'LIKE', 'ILIKE'],
  tag: ['!=', '=', 'LIKE', 'ILIKE'],
  dataset: ['!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'],
};
const NUMERIC_COMPARATORS: readonly Comparator[] = ['>', '>=', '!=', '=', '<', '<='];
const STRING_ATTRIBUTE_COMPARATORS: readonly Comparator[] = ['!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

type Token =
  | { t: 'ident'; v: string; pos: number }
  | { t: 'string'; v: string; quote: string; pos: number }
  | { t: 'number'; v: number; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'punct'; v: string; pos: number }
  | { t: 'end'; pos: number };

const KEYWORDS = new Set(['AND', 'OR', 'LIKE', 'ILIKE', 'IN', 'NOT']);

function invalid(message: string): MlflowError {
  return new MlflowError('INVALID_PARAMETER_VALUE', message);
}

/** MLflow's lexicon: SQL's doubled-quote escape; an identifier is words joined by dots, where a part after a dot may be quoted or backticked. */
const lexicon = (src: string): Lexicon => ({
  operators: ['<=', '>=', '!=', '=', '<', '>'],
  punct: '(),',
  quotes: '\'"`',
  escape: 'double',
  word: /[A-Za-z_][\w-]*(?:\.(?:`[^`]*`|"[^"]*"|[\w/:-]+))*/y,
  maxLength: 10000,
  error(p) {
    if (p.kind === 'too_long') return invalid(`The filter is ${p.length} characters long; at most ${p.max}`);
    if (p.kind === 'unterminated') return invalid(`Invalid filter '${src}': unterminated string at position ${p.pos + 1}`);
    return invalid(`Invalid filter '${src}': unexpected character '${p.char}' at position ${p.pos + 1}`);
  },
});

/** A backticked name (`run name`) and a word are identifiers; AND, OR, LIKE, ILIKE, IN and NOT are operators, in any case. */
function tokenize(src: string): Token[] {
  return scanFilter(src, lexicon(src)).map((t): Token => {
    if (t.t === 'string' && t.quote === '`') return { t: 'ident', v: '`' + t.v + '`', pos: t.pos };
    if (t.t === 'word') return KEYWORDS.has(t.v.toUpperCase()) ? { t: 'op', v: t.v.toUpperCase(), pos: t.pos } : { t: 'ident', v: t.v, pos: t.pos };
    return t;
  });
}

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'" || s[0] === '`') && s.endsWith(s[0])) return s.slice(1, -1);
  return s;
}

/** `tags.mlflow.runName` → tag `mlflow.runName`; `status` → attribute `status` (SearchUtils._get_identifier). */
function identifier(raw: string, grammar: SearchGrammar, attributes: ReadonlySet<string>): { type: EntityType; key: string } {
  const dot = raw.startsWith('`') ? -1 : raw.indexOf('.');
  const entity = dot < 0 ? 'attribute' : raw.slice(0, dot);
  const type = ENTITY_ALIASES[unquote(entity)];
  if (!type || !grammar.entityTypes.includes(type)) throw invalid(`Invalid entity type '${entity}'. Valid values are ${JSON.stringify(grammar.entityTypes)}`);
  let key = unquote(dot < 0 ? raw : raw.slice(dot + 1));
  if (type === 'attribute') {
    key = KEY_ALIASES[key] ?? key;
    if (!attributes.has(key)) throw invalid(`Invalid attribute key '${key}' specified. Valid keys are '${[...attributes].join("', '")}'`);
  }
  return { type, key };
}

function comparatorsFor(type: EntityType, key: string, grammar: SearchGrammar): readonly Comparator[] {
  if (type !== 'attribute') return COMPARATORS_BY_TYPE[type];
  return grammar.numericAttributes.has(key) ? NUMERIC_COMPARATORS : STRING_ATTRIBUTE_COMPARATORS;
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
    private readonly grammar: SearchGrammar,
  ) {}

  parse(): Clause[] {
    const out = [this.clause()];
    for (;;) {
      const t = this.tokens[this.i];
      if (t.t === 'end') return out;
      if (t.t === 'op' && t.v === 'AND') {
        this.i++;
        out.push(this.clause());
        continue;
      }
      throw invalid(
        `Invalid clause(s) in filter string: '${this.src.slice(t.pos)}'${t.t === 'op' && t.v === 'OR' ? ' (MLflow search does not support OR)' : ''}`,
      );
    }
  }

  private clause(): Clause {
    const head = this.tokens[this.i++];
    if (head.t !== 'ident') throw invalid(`Invalid comparison clause. Expected 'Identifier' found '${describe(head)}' in '${this.src}'`);
    const { type, key } = identifier(head.v, this.grammar, this.grammar.attributes);
    const comparator = this.comparator();
    const allowed = comparatorsFor(type, key, this.grammar);
    if (!allowed.includes(comparator)) throw invalid(`Invalid comparator '${comparator}' not one of '${JSON.stringify(allowed)}'`);
    return { type, key, comparator, value: this.value(type, key, comparator) };
  }

  private comparator(): Comparator {
    const t = this.tokens[this.i++];
    if (t.t === 'op' && t.v === 'NOT') {
      const n = this.tokens[this.i++];
      if (n.t === 'op' && n.v === 'IN') return 'NOT IN';
      throw invalid(`Invalid comparison clause in '${this.src}': expected IN after NOT`);
    }
    if (t.t === 'op' && t.v !== 'AND' && t.v !== 'OR') return t.v as Comparator;
    throw invalid(`Invalid comparison clause. Expected comparison found '${describe(t)}' in '${this.src}'`);
  }

  private value(type: EntityType, key: string, comparator: Comparator): Clause['value'] {
    const t = this.tokens[this.i++];
    if (comparator === 'IN' || comparator === 'NOT IN') {
      if (!(type === 'dataset' || this.grammar.listAttributes.has(key)))
        throw invalid(
          `Only the ${[...this.grammar.listAttributes].map((a) => `'${a}'`).join(', ')} attribute supports comparison with a list of quoted string values.`,
        );
      if (!(t.t === 'punct' && t.v === '('))
        throw invalid('While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.');
      const values: string[] = [];
      for (;;) {
        const v = this.tokens[this.i++];
        if (v.t !== 'string') throw invalid('While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.');
        values.push(v.v);
        const sep = this.tokens[this.i++];
        if (sep.t === 'punct' && sep.v === ')') return values;
        if (!(sep.t === 'punct' && sep.v === ','))
          throw invalid('While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.');
      }
    }
    const numeric = type === 'metric' || (type === 'attribute' && this.grammar.numericAttributes.has(key));
    if (numeric) {
      if (t.t !== 'number')
        throw invalid(`Expected numeric value type for ${type === 'metric' ? 'metric' : `numeric attribute: ${key}`}. Found ${describe(t)}`);
      return t.v;
    }
    if (t.t === 'string') return t.v;
    throw invalid(
      `Expected a quoted string value for ${type === 'parameter' ? 'param' : type}${type === 'attribute' ? 's' : ''} (e.g. 'my-value'). Got value ${describe(t)}`,
    );
  }
}

function describe(t: Token): string {
  return t.t === 'end' ? 'the end of the filter' : t.t === 'string' ? `${t.quote}${t.v}${t.quote}` : String(t.v);
}

/** A filter string as its AND-ed clauses; empty for no filter. */
export function parseSearchFilter(src: string | undefined, grammar: SearchGrammar): Clause[] {
  if (!src || src.trim() === '') return [];
  return new Parser(src, tokenize(src), grammar).parse();
}

/** `metrics.acc DESC`, ``tags.`a b` ``, `start_time` → what to order by and which way. */
export function parseOrderBy(clause: string, grammar: SearchGrammar): { type: EntityType; key: string; asc: boolean } {
  const m = /^\s*(.+?)(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
  const tokens = m ? tokenize(m[1]) : [];
  if (!m || tokens.length !== 2 || tokens[0].t !== 'ident') throw invalid(`Invalid order_by clause '${clause}'. Could not be parsed.`);
  const { type, key } = identifier(tokens[0].v, grammar, grammar.orderAttributes);
  return { type, key, asc: (m[2] ?? 'ASC').toUpperCase() === 'ASC' };
}

/**
 * A LIKE pattern as an SQLite GLOB one: MLflow's LIKE is case-sensitive (SQLite's is not), and
 * GLOB is, with `*`/`?` for `%`/`_`; GLOB's own special characters are bracketed to stay literal.
 */
export function likeToGlob(pattern: string): string {
  return pattern.replace(/[*?[\]%_]/g, (c) => (c === '%' ? '*' : c === '_' ? '?' : `[${c}]`));
}
