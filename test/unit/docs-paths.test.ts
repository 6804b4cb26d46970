import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

// The docs send readers to files by path; a path that moved or never existed sends them nowhere.
const DOCS = ['README.md', 'ARCHITECTURE.md', 'CONTRIBUTING.md'];
const REPO_PATH = /`((?:electron|shared|renderer|test|bench|scripts|resources|examples|bin|\.ci|\.github)\/[\w.\-/]*)`/g;

function pathsIn(doc: string): string[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, doc), 'utf8');
  return [...text.matchAll(REPO_PATH)].map((m) => m[1]);
}

describe('docs name only files that exist', () => {
  for (const doc of DOCS) {
    it(doc, () => {
      const found = pathsIn(doc);
      const missing = found.filter((p) => !fs.existsSync(path.join(REPO_ROOT, p.replace(/\/$/, ''))));
      expect(found.length).toBeGreaterThan(3);
      expect(missing).toEqual([]);
    });
  }
});
