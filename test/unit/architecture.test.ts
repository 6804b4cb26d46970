import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

// The direction of imports from the architecture sketch, held by a test instead of a lint rule:
// renderer -> shared; main -> core -> shared; worker -> shared; nothing imports the renderer.

const AREAS = [
  'electron/main',
  'electron/preload',
  'electron/core',
  'electron/worker',
  'electron/cli',
  'electron/server',
  'renderer',
  'shared',
  'bench',
] as const;
type Area = (typeof AREAS)[number];

const MAY_IMPORT: Record<Area, Area[]> = {
  shared: [],
  renderer: ['shared'],
  'electron/core': ['shared'],
  'electron/worker': ['shared'],
  'electron/preload': ['shared'],
  'electron/server': ['electron/core', 'shared'],
  'electron/cli': ['electron/core', 'electron/server', 'shared'],
  'electron/main': ['electron/core', 'electron/server', 'shared'],
  bench: ['electron/core', 'electron/worker', 'shared'],
};

/** Packages an area must not load, whatever else it may. */
const FORBIDDEN_PACKAGES: Partial<Record<Area, RegExp>> = {
  shared: /^(node:|electron$|react|better-sqlite3|sharp|fs$|path$)/,
  renderer: /^(node:|electron$|better-sqlite3|sharp|@tensorflow\/)/,
  'electron/core': /^electron$/,
  'electron/worker': /^(electron$|better-sqlite3)/,
  'electron/server': /^electron$/,
  'electron/cli': /^electron$/,
};

function areaOf(file: string): Area | null {
  const rel = path.relative(REPO_ROOT, file).split(path.sep).join('/');
  return AREAS.filter((a) => rel === a || rel.startsWith(`${a}/`)).sort((a, b) => b.length - a.length)[0] ?? null;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(d.name) && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

function runtimeImports(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) specs.push(m[1]);
  for (const m of source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  return specs;
}

describe('architecture', () => {
  const files = ['electron', 'renderer/src', 'shared', 'bench'].flatMap((d) => sourceFiles(path.join(REPO_ROOT, d)));

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('keeps every import inside the directions the architecture allows', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = areaOf(file);
      if (!from) continue;
      for (const spec of runtimeImports(fs.readFileSync(file, 'utf8'))) {
        const rel = path.relative(REPO_ROOT, file);
        if (spec.startsWith('.')) {
          const to = areaOf(path.resolve(path.dirname(file), spec));
          if (to && to !== from && !MAY_IMPORT[from].includes(to)) violations.push(`${rel} imports ${spec} (${from} -> ${to})`);
        } else if (FORBIDDEN_PACKAGES[from]?.test(spec)) {
          violations.push(`${rel} loads package ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
