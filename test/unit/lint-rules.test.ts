import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

// The lint rules that hold the layers apart must fire, with a message that says what to do.

const eslint = new ESLint({ cwd: REPO_ROOT });

async function messages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${file}` });
  return result.messages.map((m) => m.message);
}

describe('lint rules', { timeout: 60_000 }, () => {
  it('keeps Node, the store and tfjs out of the renderer', async () => {
    expect((await messages('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).join('\n')).toMatch(
      /renderer talks to the core only through shared\/api/,
    );
    expect((await messages('renderer/src/x.ts', "import { Core } from '../../electron/core/core';\nexport const a = Core;\n")).join('\n')).toMatch(
      /only through shared\/api/,
    );
    // Types may cross: they leave no code behind.
    expect(await messages('renderer/src/x.ts', "import type { Core } from '../../electron/core/core';\nexport type A = Core;\n")).toEqual([]);
  });

  it('keeps the database out of the worker and Electron out of the core and shared', async () => {
    expect((await messages('electron/worker/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n")).join('\n')).toMatch(
      /never opens the database/,
    );
    expect((await messages('electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).join('\n')).toMatch(/never loads Electron/);
    expect((await messages('shared/x.ts', "import path from 'node:path';\nexport const a = path;\n")).join('\n')).toMatch(/pure TypeScript/);
  });

  it('refuses .only in tests and spreads of arrays into call arguments in the core', async () => {
    expect((await messages('test/unit/x.test.ts', "import { it } from 'vitest';\nit.only('x', () => {});\n")).join('\n')).toMatch(/\.only runs one test/);
    expect(await messages('electron/core/x.ts', 'export function f(a: number[], b: number[]) {\n  a.push(...b);\n  return Math.max(...a);\n}\n')).toHaveLength(
      2,
    );
  });
});
