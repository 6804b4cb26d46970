import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

// Each table is written by one feature of the core (its folder under electron/core, or a
// top-level file such as settings-store.ts), which the others go through; that feature owns it.
// The CLI, the server, the main process and the worker are scanned too: they hold no SQL.

// Features that still read another feature's table with their own SQL (labeling, evaluation,
// training and pipelines read dataset versions' items and splits). Read through the owner
// instead, or through SQL the owner exports (as datasets' JOIN_RUN_DATASET, runs' anyRunInput);
// the list may only shrink.
const STILL_READ_ELSEWHERE: Record<string, string[]> = {
  dataset_versions: ['labeling'],
  items: ['evaluation', 'labeling'],
  version_items: ['evaluation', 'labeling', 'training'],
  version_split_specs: ['training'],
  version_splits: ['evaluation', 'pipelines', 'training'],
};

const ELECTRON = path.join(REPO_ROOT, 'electron');
const CORE = path.join(ELECTRON, 'core');
// SQL keywords are written in capitals here, which keeps prose ("update a row") out of the scan.
const WRITE = /\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)\b/g;
const READ = /\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)\b/g;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'migrations' ? [] : sources(p);
    return d.name.endsWith('.ts') ? [p] : [];
  });
}

/** The core feature a file belongs to; outside the core, its part (cli, server, main, worker). */
function feature(file: string): string {
  if (!file.startsWith(CORE + path.sep)) return path.relative(ELECTRON, file).split(path.sep)[0];
  const rel = path.relative(CORE, file).split(path.sep);
  return rel.length > 1 ? rel[0] : rel[0].replace(/(-store)?\.ts$/, '');
}

/** Table -> the features whose SQL names it after the pattern's keyword. */
function scan(pattern: RegExp): Map<string, Set<string>> {
  const byTable = new Map<string, Set<string>>();
  for (const file of sources(ELECTRON)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(pattern)) {
      const table = m[1].toLowerCase();
      if (table === 'set' || table === 'or') continue;
      if (!byTable.has(table)) byTable.set(table, new Set());
      byTable.get(table)!.add(feature(file));
    }
  }
  return byTable;
}

const sorted = (features: Set<string>) => [...features].sort();

describe('table owners', () => {
  it('has each table written by one feature', () => {
    const shared = Object.fromEntries([...scan(WRITE)].filter(([, f]) => f.size > 1).map(([t, f]) => [t, sorted(f)]));
    expect(shared).toEqual({});
  });

  it('has each table read only by its owner, but for the listed readers still moving', () => {
    const writers = scan(WRITE);
    const elsewhere: Record<string, string[]> = {};
    for (const [table, readers] of scan(READ)) {
      const owner = writers.get(table);
      // Tables nobody writes here (json_each, sqlite_master) have no owner to go through.
      if (!owner) continue;
      const others = sorted(readers).filter((f) => !owner.has(f));
      if (others.length) elsewhere[table] = others;
    }
    expect(elsewhere).toEqual(STILL_READ_ELSEWHERE);
  });

  it('finds the reads and writes it checks (the scan is not blind)', () => {
    const writes = scan(WRITE);
    expect(writes.get('labels_current') ?? writes.get('current_labels')).toBeDefined();
    expect(sorted(writes.get('settings') ?? new Set())).toEqual(['settings']);
    expect(sorted(writes.get('metrics') ?? new Set())).toEqual(['runs']);
    expect(sorted(writes.get('runs') ?? new Set())).toEqual(['runs']);
    expect(sorted(writes.get('files') ?? new Set())).toEqual(['files']);
    expect(sorted(writes.get('model_versions') ?? new Set())).toEqual(['registry']);
    expect(writes.size).toBeGreaterThan(30);
    const reads = scan(READ);
    expect(reads.get('runs')?.has('runs')).toBe(true);
    expect(reads.get('logged_models')?.has('tracking')).toBe(true);
    expect(reads.size).toBeGreaterThan(30);
  });
});
