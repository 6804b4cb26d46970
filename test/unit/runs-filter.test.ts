import { describe, expect, it } from 'vitest';
import { parseField, parseFilter, FilterSyntaxError } from '../../shared/runs/filter';

describe('runs filter language', () => {
  it('parses the documented example', () => {
    expect(parseFilter('params.lr < 0.01 and metrics.val_accuracy >= 0.9 and tags.owner = "ana" and status = finished')).toEqual({
      type: 'and',
      left: {
        type: 'and',
        left: {
          type: 'and',
          left: { type: 'compare', field: { kind: 'param', key: 'lr' }, op: '<', value: 0.01 },
          right: { type: 'compare', field: { kind: 'metric', key: 'val_accuracy', agg: 'last' }, op: '>=', value: 0.9 },
        },
        right: { type: 'compare', field: { kind: 'tag', key: 'owner' }, op: '=', value: 'ana' },
      },
      right: { type: 'compare', field: { kind: 'attr', name: 'status' }, op: '=', value: 'finished' },
    });
  });

  it('binds and tighter than or, not tighter than and, parentheses override', () => {
    const a = parseFilter('status = a or status = b and status = c')!;
    expect(a.type).toBe('or');
    expect(a.type === 'or' && a.right.type).toBe('and');
    const b = parseFilter('not status = a and status = b')!;
    expect(b.type).toBe('and');
    expect(b.type === 'and' && b.left.type).toBe('not');
    const c = parseFilter('(status = a or status = b) and status = c')!;
    expect(c.type === 'and' && c.left.type).toBe('or');
  });

  it('reads every operator, in, is null, contains, aggregates and quoted keys', () => {
    const ops = ['=', '==', '!=', '<>', '<', '<=', '>', '>=', '~', '!~'];
    for (const op of ops) {
      const n = parseFilter(`params.x ${op} 1`)!;
      expect(n.type).toBe('compare');
    }
    expect(parseFilter('params.x == 1')).toMatchObject({ op: '=' });
    expect(parseFilter('params.x <> 1')).toMatchObject({ op: '!=' });
    expect(parseFilter('name contains "cnn"')).toMatchObject({ op: '~', value: 'cnn' });
    expect(parseFilter('params.optimizer in (adam, "sgd", 3)')).toEqual({
      type: 'in',
      field: { kind: 'param', key: 'optimizer' },
      values: ['adam', 'sgd', 3],
      negated: false,
    });
    expect(parseFilter('params.optimizer not in (adam)')).toMatchObject({ type: 'in', negated: true });
    expect(parseFilter('tags.owner is null')).toEqual({ type: 'exists', field: { kind: 'tag', key: 'owner' }, negated: true });
    expect(parseFilter('tags.owner is not null')).toMatchObject({ type: 'exists', negated: false });
    expect(parseFilter('metrics.val_loss.min < .5')).toMatchObject({ field: { kind: 'metric', key: 'val_loss', agg: 'min' }, value: 0.5 });
    expect(parseFilter('params.`odd key.with dots` = -1e-3')).toMatchObject({ field: { kind: 'param', key: 'odd key.with dots' }, value: -0.001 });
    expect(parseFilter('metrics.batch/loss > 1')).toMatchObject({ field: { kind: 'metric', key: 'batch/loss' } });
    expect(parseFilter('starred = true and archived = false')).toMatchObject({ left: { value: true }, right: { value: false } });
    expect(parseFilter('   ')).toBeNull();
  });

  it('rejects malformed filters with a position', () => {
    const bad = [
      'params.lr <',
      'params.lr 0.1',
      'and status = x',
      'status = (x',
      'foo.bar = 1',
      'params. = 1',
      'status = "open',
      'metrics.loss.median < 1',
      'status = x )',
      'params.x in ()',
      'tags.a is 3',
      'status = x; drop table runs',
    ];
    for (const src of bad) {
      expect(() => parseFilter(src), src).toThrow(FilterSyntaxError);
    }
    expect(() => parseFilter('params.lr <')).toThrow(/at position 12/);
  });

  it('refuses hostile filters with one line, before any recursion runs deep', () => {
    const cases: [string, RegExp][] = [
      ['('.repeat(4000) + 'status = x' + ')'.repeat(4000), /^The filter is nested deeper than 32 levels/],
      ['not '.repeat(2000) + 'status = x', /^The filter is nested deeper than 32 levels/],
      ['not '.repeat(10000) + 'status = x', /^The filter is 40010 characters long; at most 10000/],
      [`name = "${'x'.repeat(20000)}"`, /^The filter is 20009 characters long/],
      ['metrics.x < NaN', /^NaN is not a value a filter can compare with/],
      ['metrics.x > -Infinity', /^Unexpected character "-"/],
      ['metrics.x in (1, inf)', /^inf is not a value/],
      ['metrics.x < 1e999', /^1e999 is too large to compare with/],
      ['name = "unbalanced', /^Unterminated string/],
      [`name = '${'a'.repeat(9000)}`, /^Unterminated string/],
    ];
    for (const [src, message] of cases) {
      let err: unknown;
      try {
        parseFilter(src);
      } catch (e) {
        err = e;
      }
      expect(err, src.slice(0, 40)).toBeInstanceOf(FilterSyntaxError);
      expect((err as Error).message, src.slice(0, 40)).toMatch(message);
      expect((err as Error).message.split('\n')).toHaveLength(1);
    }
    // At the limit it still parses; the quoted text "NaN" is a plain value.
    expect(parseFilter('('.repeat(32) + 'status = x' + ')'.repeat(32))).toMatchObject({ type: 'compare' });
    expect(parseFilter('not '.repeat(32) + 'status = x')).toMatchObject({ type: 'not' });
    expect(parseFilter('tags.note = "NaN"')).toMatchObject({ value: 'NaN' });
    // A long flat chain is not nesting.
    expect(parseFilter(Array.from({ length: 550 }, (_, i) => `status = s${i}`).join(' or '))).toMatchObject({ type: 'or' });
  });

  it('parses sort and column keys', () => {
    expect(parseField('metrics.val_loss.min')).toEqual({ kind: 'metric', key: 'val_loss', agg: 'min' });
    expect(parseField('created')).toEqual({ kind: 'attr', name: 'created' });
    expect(() => parseField('created desc')).toThrow(FilterSyntaxError);
  });
});
