import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'typecheck-indexed.js');

const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A project whose listed file imports an unlisted one; both index an array as if it can't miss. */
function project(listedBody: string): string {
  const dir = tempDir('cairn-indexed-');
  made.push(dir);
  fs.writeFileSync(
    path.join(dir, 'tsconfig.indexed.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noUncheckedIndexedAccess: true, noEmit: true, types: [], lib: ['ES2022'] },
      include: ['listed/**/*.ts'],
    }),
  );
  fs.mkdirSync(path.join(dir, 'listed'));
  fs.mkdirSync(path.join(dir, 'old'));
  fs.writeFileSync(path.join(dir, 'old', 'first.ts'), 'export function first(xs: number[]): number {\n  return xs[0];\n}\n');
  fs.writeFileSync(path.join(dir, 'listed', 'use.ts'), `import { first } from '../old/first';\n${listedBody}\nexport const n = first([1]);\n`);
  return dir;
}

function check(dir: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, 'tsconfig.indexed.json'], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('typecheck-indexed', () => {
  it('fails on an unchecked index in a listed file, naming it, and not on the unlisted file it imports', () => {
    const r = check(project('export function last(xs: string[]): string {\n  return xs[xs.length - 1];\n}'));
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/listed[\\/]use\.ts.*TS2322/s);
    expect(r.out).not.toMatch(/old[\\/]first\.ts/);
    expect(r.out).toContain('tsconfig.indexed.json: 1 error under noUncheckedIndexedAccess');
  });

  it('passes once the listed file handles the missing case', () => {
    const r = check(project("export function last(xs: string[]): string {\n  return xs[xs.length - 1] ?? '';\n}"));
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('the folders checked with noUncheckedIndexedAccess', () => {
  // The list only grows (CONTRIBUTING.md): these entries were clean when they joined it.
  const JOINED: Record<string, string[]> = {
    'tsconfig.indexed.json': [
      'electron/core/pipelines/**/*.ts',
      'electron/core/mlflow-sync/**/*.ts',
      'shared/pipelines/**/*.ts',
      'electron/core/monitoring/timeline*.ts',
      'electron/core/monitoring/prediction-*.ts',
      'electron/core/predict/table-rows.ts',
    ],
    'renderer/tsconfig.indexed.json': ['src/features/runs/run*.ts'],
  };

  it.each(Object.entries(JOINED))('%s keeps every folder that joined it, with the option on', (file, joined) => {
    const { config, error } = ts.readConfigFile(path.join(REPO_ROOT, file), ts.sys.readFile);
    expect(error).toBeUndefined();
    expect(config.compilerOptions.noUncheckedIndexedAccess).toBe(true);
    expect(config.include).toEqual(expect.arrayContaining(joined));
  });

  it('is part of npm run typecheck', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.typecheck).toContain('node scripts/typecheck-indexed.js tsconfig.indexed.json renderer/tsconfig.indexed.json');
  });
});
