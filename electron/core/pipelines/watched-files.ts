import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A file still being written is left for the next look: it must have been still this long. */
const SETTLE_MS = 1000;

/** `*.csv`, `month-??.csv`, `[ab]*.csv`: matched against file names, not paths. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Settled files in the folder matching the glob, oldest first; none when the folder is missing. */
export function watchedFiles(folder: string, glob: string): string[] {
  const match = globRegExp(glob);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((n) => match.test(n))
    .map((n) => ({ file: path.join(folder, n), stat: fs.statSync(path.join(folder, n), { throwIfNoEntry: false }) }))
    .filter((f) => f.stat?.isFile() && Date.now() - f.stat.mtimeMs >= SETTLE_MS)
    .sort((a, b) => a.stat!.mtimeMs - b.stat!.mtimeMs || a.file.localeCompare(b.file))
    .map((f) => f.file);
}

/** By name and content, so a file touched again is not new. */
export function fileKey(file: string): string {
  return `file:${path.basename(file)}:${sha256(file)}`;
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
