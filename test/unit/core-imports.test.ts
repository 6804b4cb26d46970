import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

// The core's modules form a tree under one composition root: services receive what they use, so
// none needs to know the whole (a cycle, even through a type, is a service reaching back up).

const CORE = path.join(REPO_ROOT, 'electron', 'core');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module a file names: static imports and re-exports (types too), `import()` and `require()`. */
export function importedSpecs(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) specs.push(m[1]);
  for (const m of source.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  return specs;
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && fs.existsSync(f)) ?? null;
}

export function importGraph(files: string[], read: (file: string) => string): Map<string, string[]> {
  return new Map(
    files.map((f) => [
      f,
      importedSpecs(read(f))
        .map((s) => resolveLocal(f, s))
        .filter((t): t is string => t !== null && files.includes(t)),
    ]),
  );
}

/** One cycle per back edge a depth-first walk meets, each as the files around it. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

const rel = (f: string) => path.relative(REPO_ROOT, f).split(path.sep).join('/');

describe('core imports', () => {
  const files = sourceFiles(CORE);
  const graph = importGraph(files, (f) => fs.readFileSync(f, 'utf8'));

  it('reads every kind of import, types and dynamic ones included', () => {
    const source =
      "import type { A } from './a';\nimport { b } from \"./b\";\nexport { c } from './c';\nexport type { D } from './d';\nimport './e';\nconst f = () => import('./f');\n";
    expect(importedSpecs(source)).toEqual(['./a', './b', './c', './d', './e', './f']);
  });

  it('finds a cycle through a type import, and none in a tree', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(cyclic)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no import cycle among electron/core files', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(findCycles(graph).map((c) => c.map(rel).join(' -> '))).toEqual([]);
  });

  it('lets only the transports above the core import core.ts, never a core module', () => {
    const coreTs = path.join(CORE, 'core.ts');
    const importers = [...graph].filter(([, to]) => to.includes(coreTs)).map(([from]) => rel(from));
    expect(importers).toEqual([]);
  });
});
