import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { calls, type CallName } from '../../shared/api/contract';
import { userPath } from '../../shared/api/calls/user-path';
import { pathGuard, userPaths } from '../../electron/server/path-guard';
import { tempDir } from '../helpers';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; options?: z.ZodType[]; element?: z.ZodType };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Object keys holding a plain string (not userPath) whose name says it is a file or folder. */
function undeclaredPaths(schema: z.ZodType, at: string, out: string[]): void {
  if (schema === userPath) return;
  const def = defOf(schema);
  if (def.shape) {
    for (const [key, child] of Object.entries(def.shape)) {
      let inner = child;
      while (defOf(inner).innerType && inner !== userPath) inner = defOf(inner).innerType!;
      if (inner !== userPath && defOf(inner).type === 'string' && /^(path|file|dir|folder|input|out|output|labels|target)$/i.test(key))
        out.push(`${at}.${key}`);
      undeclaredPaths(child, `${at}.${key}`, out);
    }
  }
  for (const child of [def.innerType, def.element, ...(def.options ?? [])]) if (child) undeclaredPaths(child, at, out);
}

describe('paths in the contract', () => {
  it('are all declared with userPath, so the serve transport confines every one', () => {
    const out: string[] = [];
    for (const [name, schema] of Object.entries(calls)) undeclaredPaths(schema, name, out);
    expect(out).toEqual([]);
  });

  it('are found in a parsed input wherever the schema puts them', () => {
    const parse = (name: CallName, input: unknown) => userPaths(calls[name], calls[name].parse(input));
    expect(parse('datasets.import', { path: 'a.csv', name: 'a', labels: 'l.csv' })).toEqual(['a.csv', 'l.csv']);
    expect(parse('models.predict', { ref: 'm@1', input: 'in.csv', out: 'out.csv' })).toEqual(['in.csv', 'out.csv']);
    expect(parse('monitoring.drift', { reference: { datasetId: 1 }, current: { path: 'cur.csv' } })).toEqual(['cur.csv']);
    expect(parse('monitoring.drift', { reference: { datasetId: 1 }, current: { datasetId: 2 } })).toEqual([]);
    expect(parse('evaluations.run', { model: 'm', data: { path: 'eval.csv' } })).toEqual(['eval.csv']);
    expect(parse('runs.query', { filter: 'name = "/etc/passwd"' })).toEqual([]);
  });
});

describe('pathGuard', () => {
  const setup = () => {
    const root = fs.realpathSync(tempDir('cairn-guard-'));
    const inside = path.join(root, 'project');
    const outside = path.join(root, 'outside');
    const dataDir = path.join(inside, 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(inside, 'a.csv'), 'x\n1\n');
    fs.writeFileSync(path.join(dataDir, 'cairn.db'), '');
    fs.symlinkSync(outside, path.join(inside, 'out-link'));
    fs.symlinkSync(path.join(inside, 'a.csv'), path.join(inside, 'in-link.csv'));
    return { inside, outside, dataDir, guard: pathGuard(dataDir, [inside]) };
  };
  const check = (g: ReturnType<typeof setup>['guard'], p: string) => {
    try {
      g.check('datasets.export', { id: 1, format: 'csv', path: p });
      return 'allowed';
    } catch (err) {
      return (err as { code: string }).code;
    }
  };

  it('allows files and new paths under a root, and links that stay inside', () => {
    const s = setup();
    expect(check(s.guard, path.join(s.inside, 'a.csv'))).toBe('allowed');
    expect(check(s.guard, path.join(s.inside, 'new', 'deeper', 'b.csv'))).toBe('allowed');
    expect(check(s.guard, path.join(s.inside, 'in-link.csv'))).toBe('allowed');
    expect(check(s.guard, path.join(s.dataDir, 'uploads', 'x.csv'))).toBe('allowed');
  });

  it('refuses paths outside, links leading outside, and the store even below a root', () => {
    const s = setup();
    expect(check(s.guard, path.join(s.outside, 'b.csv'))).toBe('forbidden');
    expect(check(s.guard, path.join(s.inside, 'out-link', 'b.csv'))).toBe('forbidden');
    expect(check(s.guard, path.join(s.inside, '..', 'outside', 'b.csv'))).toBe('forbidden');
    expect(check(s.guard, path.join(s.dataDir, 'cairn.db'))).toBe('forbidden');
    expect(check(s.guard, path.join(s.dataDir, 'files', 'ab', 'cd'))).toBe('forbidden');
    expect(check(s.guard, path.join(s.dataDir, 'uploads', '..', 'serve-token'))).toBe('forbidden');
    fs.symlinkSync(path.join(s.outside, 'later.csv'), path.join(s.inside, 'dangling.csv'));
    expect(check(s.guard, path.join(s.inside, 'dangling.csv'))).toBe('forbidden');
  });
});
