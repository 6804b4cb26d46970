import { describe, expect, it } from 'vitest';
import { parseSearchFilter } from '../../electron/core/tracking/mlflow-filter';
import { RUN_GRAMMAR } from '../../electron/core/tracking/mlflow-search-sql';
import { parseFilter } from '../../shared/runs/filter';
import { scanFilter, type Lexicon } from '../../shared/runs/filter-tokens';

// One tokenizer, two grammars: Cairn's runs filter and MLflow's search filter (REST API) keep
// their own quoting, operators and messages over shared/runs/filter-tokens.ts.

describe('scanFilter', () => {
  const lex: Lexicon = {
    operators: ['<=', '='],
    punct: '(,)',
    quotes: "'",
    escape: 'double',
    word: /[a-z.]+/y,
    maxLength: 40,
    error: (p) => new Error(JSON.stringify(p)),
  };

  it('reads words, strings, numbers, operators and punctuation with their positions', () => {
    expect(scanFilter("a.b <= -1.5e2 (x,'it''s')", lex)).toEqual([
      { t: 'word', v: 'a.b', pos: 0 },
      { t: 'op', v: '<=', pos: 4 },
      { t: 'number', v: -150, text: '-1.5e2', pos: 7 },
      { t: 'punct', v: '(', pos: 14 },
      { t: 'word', v: 'x', pos: 15 },
      { t: 'punct', v: ',', pos: 16 },
      { t: 'string', v: "it's", quote: "'", pos: 17 },
      { t: 'punct', v: ')', pos: 24 },
      { t: 'end', pos: 25 },
    ]);
  });

  it('says what is wrong through the grammar', () => {
    expect(() => scanFilter("a = 'open", lex)).toThrow('{"kind":"unterminated","pos":4}');
    expect(() => scanFilter('a = @', lex)).toThrow('{"kind":"unexpected","char":"@","pos":4}');
    expect(() => scanFilter('a'.repeat(41), lex)).toThrow('{"kind":"too_long","length":41,"max":40}');
  });

  it('asks the grammar whether a number may follow the token before it', () => {
    const keyed: Lexicon = { ...lex, punct: '.', word: /[a-z0-9]+/y, numberAfter: (prev) => !(prev?.t === 'punct' && prev.v === '.') };
    expect(scanFilter('a. 1 = 1', keyed).map((t) => [t.t, 'v' in t ? t.v : null])).toEqual([
      ['word', 'a'],
      ['punct', '.'],
      ['word', '1'],
      ['op', '='],
      ['number', 1],
      ['end', null],
    ]);
  });
});

describe('the two grammars over it', () => {
  it('quote their own way: MLflow doubles a quote (as SQL), Cairn escapes it with a backslash', () => {
    expect(parseSearchFilter("tags.note = 'it''s'", RUN_GRAMMAR)).toEqual([{ type: 'tag', key: 'note', comparator: '=', value: "it's" }]);
    expect(parseFilter("tags.note = 'it\\'s'")).toEqual({ type: 'compare', field: { kind: 'tag', key: 'note' }, op: '=', value: "it's" });
  });

  it('read backticks their own way: an MLflow identifier, a Cairn string', () => {
    expect(parseSearchFilter("`run name` = 'a'", RUN_GRAMMAR)).toEqual([{ type: 'attribute', key: 'run_name', comparator: '=', value: 'a' }]);
    expect(parseFilter('tags.`my tag` = a')).toEqual({ type: 'compare', field: { kind: 'tag', key: 'my tag' }, op: '=', value: 'a' });
  });

  it("keep their own operators: Cairn's ==, <> and ~; MLflow's keywords in any case", () => {
    expect(parseFilter('status == a or status <> b')).toMatchObject({ left: { op: '=' }, right: { op: '!=' } });
    expect(parseSearchFilter("params.model ilike 'log%' and metrics.acc > 0.9", RUN_GRAMMAR)).toEqual([
      { type: 'parameter', key: 'model', comparator: 'ILIKE', value: 'log%' },
      { type: 'metric', key: 'acc', comparator: '>', value: 0.9 },
    ]);
    expect(() => parseSearchFilter('metrics.acc ~ 1', RUN_GRAMMAR)).toThrow("Invalid filter 'metrics.acc ~ 1': unexpected character '~' at position 13");
  });

  it('keep their own messages', () => {
    expect(() => parseFilter('tags.a = "open')).toThrow('Unterminated string at position 10');
    expect(() => parseSearchFilter("tags.a = 'open", RUN_GRAMMAR)).toThrow("Invalid filter 'tags.a = 'open': unterminated string at position 10");
    expect(() => parseFilter('metrics.a > 1e999')).toThrow('1e999 is too large to compare with at position 13');
  });
});
