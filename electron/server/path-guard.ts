import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { calls, type CallName } from '../../shared/api/contract';
import { userPath } from '../../shared/api/calls/user-path';
import { UserError } from '../core/errors';
import { uploadsDir } from '../core/datasets/uploads';

// Anyone holding the serve token could otherwise read any file the server's user can read (by
// importing it) and write anywhere it can write (by exporting there). Over HTTP, every path in a
// call's input (the fields declared with `userPath`) must lie, symlinks resolved, under one of
// the allowed folders; the desktop app and the CLI act for the person at the keyboard and are
// not confined.

export interface PathGuard {
  /** Throws a `forbidden` UserError when a path in the call's input is outside the allowed folders. */
  check(name: CallName, args: unknown): void;
  roots: string[];
}

/**
 * `roots`: folders whose contents calls may read and write. The data folder itself is never
 * among them, even below a root (the store, the token): only its uploads/, where browser uploads
 * land.
 */
export function pathGuard(dataDir: string, roots: string[]): PathGuard {
  const uploads = uploadsDir(dataDir);
  fs.mkdirSync(uploads, { recursive: true });
  const allowed = [...new Set([uploads, ...roots].map((r) => realPath(path.resolve(r))))];
  const store = realPath(path.resolve(dataDir));
  const realUploads = realPath(uploads);
  return {
    roots: allowed,
    check(name, args) {
      for (const p of userPaths(calls[name], args)) {
        const real = realPath(path.resolve(p));
        const inStore = within(store, real) && !within(realUploads, real);
        if (inStore || !allowed.some((root) => within(root, real))) {
          throw new UserError(`${p}: outside the folders cairn serve may read and write (${allowed.join(', ')}); add one with --allow-path`, 'forbidden');
        }
      }
    },
  };
}

function within(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The path with every symlink resolved; for a path not there yet (an export's target), its nearest existing folder's. */
function realPath(abs: string): string {
  const rest: string[] = [];
  for (let p = abs; ; p = path.dirname(p)) {
    try {
      return path.join(fs.realpathSync.native(p), ...rest.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A dangling symlink is refused too: what it points to is unknown until created.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || isLink(p) || path.dirname(p) === p) throw forbidden(abs);
      rest.push(path.basename(p));
    }
  }
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function forbidden(p: string): UserError {
  return new UserError(`${p}: cannot be resolved to a real path`, 'forbidden');
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
};

/** The strings in a parsed input that its schema declares as `userPath`. */
export function userPaths(schema: z.ZodType, value: unknown): string[] {
  const out: string[] = [];
  const walk = (s: z.ZodType, v: unknown) => {
    if (s === userPath) {
      if (typeof v === 'string') out.push(v);
      return;
    }
    if (v === undefined || v === null) return;
    const def = (s as unknown as { _zod: { def: Def } })._zod.def;
    switch (def.type) {
      case 'object':
        if (typeof v === 'object') for (const [k, child] of Object.entries(def.shape!)) walk(child, (v as Record<string, unknown>)[k]);
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        walk(def.innerType!, v);
        return;
      case 'union':
        // The option that matched is not recorded: each one reads the fields it declares.
        for (const option of def.options!) walk(option, v);
        return;
      case 'array':
        if (Array.isArray(v)) for (const item of v) walk(def.element!, item);
        return;
      case 'tuple':
        if (Array.isArray(v)) def.items!.forEach((item, i) => walk(item, v[i]));
        return;
      case 'record':
        if (typeof v === 'object') for (const item of Object.values(v)) walk(def.valueType!, item);
        return;
      case 'intersection':
        walk(def.left!, v);
        walk(def.right!, v);
        return;
      case 'pipe':
        walk(def.in!, v);
        return;
    }
  };
  walk(schema, value);
  return [...new Set(out)];
}
